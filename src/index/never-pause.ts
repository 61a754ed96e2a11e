/**
 * An undici interceptor that keeps the HTTP/1 parser from ever pausing.
 *
 * undici 7 pauses its parser when a response body's stream is over its
 * high-water mark (the consumer reads slower than the network). If the server
 * then closes the connection (HTTP/1.0, `Connection: close`, a body that ends
 * at FIN), the socket's `end` handler runs `Parser.finish()` on the paused
 * parser and `assert(!this.paused)` throws outside any promise: the process
 * dies (nodejs/undici#5360, fixed only in undici 8, which needs Node 22.19).
 *
 * Composed innermost on our dispatcher, this hands every handler above it a
 * controller whose `pause()` and `resume()` do nothing, so the state that
 * crashes can never arise. The cost: a consumer slower than the network
 * buffers the rest of that body in memory (bounded by the body's size; our
 * consumers hash and write to disk, which keeps up with the network). See
 * docs/index.md, "HTTP and real servers".
 */
import type { Dispatcher } from "undici";

type Controller = Dispatcher.DispatchController;

/** A view of `controller` whose pause/resume are no-ops and that never reports itself paused. */
function unpausable(controller: Controller): Controller {
  return {
    get aborted() {
      return controller.aborted;
    },
    get paused() {
      return false;
    },
    get reason() {
      return controller.reason;
    },
    get rawHeaders() {
      return controller.rawHeaders;
    },
    get rawTrailers() {
      return controller.rawTrailers;
    },
    abort: (reason: Error) => controller.abort(reason),
    pause: () => {},
    resume: () => {},
  };
}

class NeverPauseHandler implements Dispatcher.DispatchHandler {
  private view: Controller | null = null;
  private source: Controller | null = null;

  constructor(private readonly inner: Dispatcher.DispatchHandler) {}

  private wrap(controller: Controller): Controller {
    if (this.source !== controller) {
      this.source = controller;
      this.view = unpausable(controller);
    }
    return this.view as Controller;
  }

  onRequestStart(controller: Controller, context: unknown): void {
    this.inner.onRequestStart?.(this.wrap(controller), context);
  }

  onRequestUpgrade(controller: Controller, statusCode: number, headers: Parameters<NonNullable<Dispatcher.DispatchHandler["onRequestUpgrade"]>>[2], socket: Parameters<NonNullable<Dispatcher.DispatchHandler["onRequestUpgrade"]>>[3]): void {
    this.inner.onRequestUpgrade?.(this.wrap(controller), statusCode, headers, socket);
  }

  onResponseStart(controller: Controller, statusCode: number, headers: Parameters<NonNullable<Dispatcher.DispatchHandler["onResponseStart"]>>[2], statusMessage?: string): void {
    this.inner.onResponseStart?.(this.wrap(controller), statusCode, headers, statusMessage);
  }

  onResponseData(controller: Controller, chunk: Buffer): void {
    this.inner.onResponseData?.(this.wrap(controller), chunk);
  }

  onResponseEnd(controller: Controller, trailers: Parameters<NonNullable<Dispatcher.DispatchHandler["onResponseEnd"]>>[1]): void {
    this.inner.onResponseEnd?.(this.wrap(controller), trailers);
  }

  onResponseError(controller: Controller, error: Error): void {
    this.inner.onResponseError?.(this.wrap(controller), error);
  }
}

/**
 * The interceptor; `DecoratorHandler` (from the loaded undici) adapts handlers written
 * against undici's older callback interface (`onHeaders`/`onData` returning false).
 */
export function neverPause(DecoratorHandler: typeof import("undici").DecoratorHandler): Dispatcher.DispatcherComposeInterceptor {
  return (dispatch) => (options, handler) => {
    const modern = typeof handler.onRequestStart === "function" ? handler : (new DecoratorHandler(handler) as Dispatcher.DispatchHandler);
    return dispatch(options, new NeverPauseHandler(modern));
  };
}

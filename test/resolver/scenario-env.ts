/** The target environment the resolver scenarios use unless they say otherwise. */
export const DEFAULT_MARKERS: Record<string, string> = {
  python_version: "3.11", python_full_version: "3.11.4", sys_platform: "linux", platform_system: "Linux",
  platform_machine: "x86_64", os_name: "posix", implementation_name: "cpython", platform_python_implementation: "CPython",
  implementation_version: "3.11.4", platform_release: "6.1.0", platform_version: "#1 SMP",
};
export const DEFAULT_TAGS = [
  "cp311-cp311-manylinux_2_17_x86_64", "cp311-abi3-manylinux_2_17_x86_64", "py3-none-manylinux_2_17_x86_64",
  "cp311-none-any", "py311-none-any", "py3-none-any",
];

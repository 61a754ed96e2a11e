#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <math.h>

static PyObject *haversine(PyObject *self, PyObject *args) {
    double lat1, lon1, lat2, lon2;
    if (!PyArg_ParseTuple(args, "dddd", &lat1, &lon1, &lat2, &lon2)) return NULL;
    const double r = 6371.0, k = M_PI / 180.0;
    double dlat = (lat2 - lat1) * k, dlon = (lon2 - lon1) * k;
    double h = sin(dlat / 2) * sin(dlat / 2) + cos(lat1 * k) * cos(lat2 * k) * sin(dlon / 2) * sin(dlon / 2);
    return PyFloat_FromDouble(2 * r * asin(sqrt(h)));
}

static PyMethodDef methods[] = {
    {"haversine", haversine, METH_VARARGS, "haversine(lat1, lon1, lat2, lon2) -> km"},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "_native", NULL, -1, methods};

PyMODINIT_FUNC PyInit__native(void) { return PyModule_Create(&module); }

/* The matches a file scan holds, at C speed: their line numbers, and the per-rule folding.
 *
 * A dense export has a match on nearly every line, and past the first 50 of a rule in a file
 * (Limits.max_findings_per_rule) a match is only counted: the 20 MB dense benchmark folds
 * about 900,000 of its 970,000 matches. FileScanner._text and _flush did that in Python, at
 * about 8% of the scan's CPU. These are their loops, step for step; the Python ones stay the
 * reference (tests/unit/test_held_ext.py compares both) and run where this module was not
 * built:
 *
 *   hold(matches, text, offset, boundary, line, held) -> line
 *       FileScanner._text's loop: (match, offset + m.start, line) appended to held for each
 *       match starting at or after boundary, line counted on from line at the text's start.
 *   fold(held, limit, kept_of, folds, new_fold, minor_id) -> (kept, minors)
 *       FileScanner._flush's loop: the held items past their rule's limit (kept_of: rule id
 *       -> findings kept so far) added to that rule's fold (folds: rule id -> _Fold, made by
 *       new_fold(match)); the others returned in order, to become findings; the matches of
 *       rule minor_id returned too (each counts towards the file's cache expiry).
 *
 * A _Fold is read and written through its attributes; a Match's slots are read at their
 * offsets (`slot_get`).
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <structmember.h>
#include <string.h>

static PyObject *S_START, *S_RULE, *S_ID, *S_CONFIDENCE, *S_SEVERITY, *S_VALUE, *S_COUNT,
    *S_DISTINCT, *S_NEWLINE;

/* An attribute that is a __slots__ member of the object's type, read at its offset (the
 * type's member table is searched once per type): a generic getattr per folded match was a
 * third of `fold`. Any other attribute, or an empty slot, goes through getattr. */
typedef struct {
    PyTypeObject *type; /* the type last seen (a reference is kept: its address stays its own) */
    Py_ssize_t offset;  /* of the slot in it, or -1 */
} SlotCache;

static PyObject *slot_get(PyObject *obj, PyObject *name, SlotCache *c)
{
    PyTypeObject *type = Py_TYPE(obj);
    if (c->type != type) {
        Py_INCREF(type);
        Py_XSETREF(c->type, type);
        c->offset = -1;
        const char *want = PyUnicode_AsUTF8(name);
        if (want == NULL)
            return NULL;
        for (PyMemberDef *m = type->tp_members; m != NULL && m->name != NULL; m++) {
            if (m->type == T_OBJECT_EX && strcmp(m->name, want) == 0) {
                c->offset = m->offset;
                break;
            }
        }
    }
    if (c->offset >= 0) {
        PyObject *v = *(PyObject **)((char *)obj + c->offset);
        if (v != NULL)
            return Py_NewRef(v);
    }
    return PyObject_GetAttr(obj, name);
}

static SlotCache C_START, C_RULE, C_CONFIDENCE, C_SEVERITY, C_VALUE;

static Py_ssize_t attr_ssize(PyObject *obj, PyObject *name)
{
    PyObject *v = PyObject_GetAttr(obj, name);
    if (v == NULL)
        return -1;
    Py_ssize_t n = PyLong_AsSsize_t(v);
    Py_DECREF(v);
    return n;
}

static PyObject *hold(PyObject *self, PyObject *args)
{
    (void)self;
    PyObject *matches, *text, *held;
    Py_ssize_t offset, boundary, line;
    if (!PyArg_ParseTuple(args, "OUnnnO!", &matches, &text, &offset, &boundary, &line,
                          &PyList_Type, &held))
        return NULL;
    PyObject *seq = PySequence_Fast(matches, "matches must be a sequence");
    if (seq == NULL)
        return NULL;
    Py_ssize_t n = PySequence_Fast_GET_SIZE(seq), pos = 0;
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *m = PySequence_Fast_GET_ITEM(seq, i);
        PyObject *start_obj = slot_get(m, S_START, &C_START);
        if (start_obj == NULL)
            goto fail;
        Py_ssize_t start = PyLong_AsSsize_t(start_obj);
        Py_DECREF(start_obj);
        if (start == -1 && PyErr_Occurred())
            goto fail;
        Py_ssize_t absolute = offset + start;
        if (absolute < boundary)
            continue;
        Py_ssize_t k = PyUnicode_Count(text, S_NEWLINE, pos, start);  /* str.count's bounds */
        if (k < 0)
            goto fail;
        line += k;
        pos = start;
        PyObject *a = PyLong_FromSsize_t(absolute), *l = PyLong_FromSsize_t(line);
        PyObject *item = a && l ? PyTuple_Pack(3, m, a, l) : NULL;
        Py_XDECREF(a);
        Py_XDECREF(l);
        if (item == NULL)
            goto fail;
        int r = PyList_Append(held, item);
        Py_DECREF(item);
        if (r < 0)
            goto fail;
    }
    Py_DECREF(seq);
    return PyLong_FromSsize_t(line);
fail:
    Py_DECREF(seq);
    return NULL;
}

/* One rule met in a fold() call: what its matches add up to, written back at the end. */
typedef struct {
    PyObject *rule;      /* borrowed: the held matches keep it */
    PyObject *key;       /* rule.id */
    int minor;           /* key == minor_id */
    Py_ssize_t kept;     /* kept_of[key] as it goes */
    int kept_changed;
    PyObject *fold;      /* folds[key] once one of its matches is folded */
    PyObject *distinct;  /* fold.distinct */
    Py_ssize_t count;    /* matches folded in this call */
    double confidence;   /* their highest confidence (-1: none yet) */
    PyObject *severity;  /* their highest severity (NULL: none yet) */
} Rule;

static void clear_rules(Rule *rules, Py_ssize_t n)
{
    for (Py_ssize_t i = 0; i < n; i++) {
        Py_XDECREF(rules[i].key);
        Py_XDECREF(rules[i].fold);
        Py_XDECREF(rules[i].distinct);
        Py_XDECREF(rules[i].severity);
    }
    PyMem_Free(rules);
}

static int write_back(Rule *r, PyObject *kept_of)
{
    if (r->kept_changed) {
        PyObject *k = PyLong_FromSsize_t(r->kept);
        if (k == NULL || PyDict_SetItem(kept_of, r->key, k) < 0) {
            Py_XDECREF(k);
            return -1;
        }
        Py_DECREF(k);
    }
    if (r->fold == NULL || r->count == 0)
        return 0;
    Py_ssize_t before = attr_ssize(r->fold, S_COUNT);
    if (before == -1 && PyErr_Occurred())
        return -1;
    PyObject *count = PyLong_FromSsize_t(before + r->count);
    if (count == NULL)
        return -1;
    int bad = PyObject_SetAttr(r->fold, S_COUNT, count);
    Py_DECREF(count);
    if (bad < 0)
        return -1;
    PyObject *conf = PyObject_GetAttr(r->fold, S_CONFIDENCE);
    if (conf == NULL)
        return -1;
    double old = PyFloat_AsDouble(conf);
    Py_DECREF(conf);
    if (old == -1.0 && PyErr_Occurred())
        return -1;
    if (r->confidence > old) {
        PyObject *c = PyFloat_FromDouble(r->confidence);
        if (c == NULL)
            return -1;
        bad = PyObject_SetAttr(r->fold, S_CONFIDENCE, c);
        Py_DECREF(c);
        if (bad < 0)
            return -1;
    }
    PyObject *sev = PyObject_GetAttr(r->fold, S_SEVERITY);
    if (sev == NULL)
        return -1;
    int higher = PyObject_RichCompareBool(r->severity, sev, Py_GT);
    Py_DECREF(sev);
    if (higher < 0)
        return -1;
    if (higher && PyObject_SetAttr(r->fold, S_SEVERITY, r->severity) < 0)
        return -1;
    return 0;
}

static PyObject *fold(PyObject *self, PyObject *args)
{
    (void)self;
    PyObject *held, *kept_of, *folds, *new_fold, *minor_id;
    Py_ssize_t limit;
    if (!PyArg_ParseTuple(args, "O!nO!O!OO", &PyList_Type, &held, &limit, &PyDict_Type,
                          &kept_of, &PyDict_Type, &folds, &new_fold, &minor_id))
        return NULL;
    Py_ssize_t n_rules = 0, cap = 16;
    Rule *rules = PyMem_Calloc((size_t)cap, sizeof(Rule));
    PyObject *kept = PyList_New(0), *minors = PyList_New(0);
    if (rules == NULL || kept == NULL || minors == NULL)
        goto fail;
    Py_ssize_t n = PyList_GET_SIZE(held);
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *item = PyList_GET_ITEM(held, i);
        if (!PyTuple_Check(item) || PyTuple_GET_SIZE(item) != 3) {
            PyErr_SetString(PyExc_TypeError, "a held item is (match, start, line)");
            goto fail;
        }
        PyObject *m = PyTuple_GET_ITEM(item, 0);
        PyObject *rule = slot_get(m, S_RULE, &C_RULE);
        if (rule == NULL)
            goto fail;
        Py_DECREF(rule);  /* the match keeps it */
        Rule *r = NULL;
        for (Py_ssize_t k = 0; k < n_rules; k++) {
            if (rules[k].rule == rule) {
                r = &rules[k];
                break;
            }
        }
        if (r == NULL) {
            if (n_rules == cap) {
                Rule *grown = PyMem_Realloc(rules, (size_t)(cap * 2) * sizeof(Rule));
                if (grown == NULL) {
                    PyErr_NoMemory();
                    goto fail;
                }
                memset(grown + cap, 0, (size_t)cap * sizeof(Rule));
                rules = grown;
                cap *= 2;
            }
            r = &rules[n_rules++];
            r->rule = rule;
            r->confidence = -1.0;
            r->key = PyObject_GetAttr(rule, S_ID);
            if (r->key == NULL)
                goto fail;
            r->minor = PyObject_RichCompareBool(r->key, minor_id, Py_EQ);
            if (r->minor < 0)
                goto fail;
            PyObject *k = PyDict_GetItemWithError(kept_of, r->key);
            if (k == NULL && PyErr_Occurred())
                goto fail;
            r->kept = k == NULL ? 0 : PyLong_AsSsize_t(k);
            if (r->kept == -1 && PyErr_Occurred())
                goto fail;
        }
        if (r->minor && PyList_Append(minors, m) < 0)
            goto fail;
        if (limit) {
            if (r->kept >= limit) {
                if (r->fold == NULL) {
                    PyObject *f = PyDict_GetItemWithError(folds, r->key);
                    if (f != NULL) {
                        Py_INCREF(f);
                    } else {
                        if (PyErr_Occurred())
                            goto fail;
                        f = PyObject_CallOneArg(new_fold, m);
                        if (f == NULL)
                            goto fail;
                        if (PyDict_SetItem(folds, r->key, f) < 0) {
                            Py_DECREF(f);
                            goto fail;
                        }
                    }
                    r->fold = f;
                    r->distinct = PyObject_GetAttr(f, S_DISTINCT);
                    if (r->distinct == NULL)
                        goto fail;
                    if (!PySet_Check(r->distinct)) {
                        PyErr_SetString(PyExc_TypeError, "a fold's distinct is a set");
                        goto fail;
                    }
                }
                r->count++;
                PyObject *conf = slot_get(m, S_CONFIDENCE, &C_CONFIDENCE);
                if (conf == NULL)
                    goto fail;
                double c = PyFloat_AsDouble(conf);
                Py_DECREF(conf);
                if (c == -1.0 && PyErr_Occurred())
                    goto fail;
                if (c > r->confidence)
                    r->confidence = c;
                PyObject *sev = slot_get(m, S_SEVERITY, &C_SEVERITY);
                if (sev == NULL)
                    goto fail;
                /* (the same severity object as the highest so far is not higher: most are) */
                int higher = r->severity == NULL ? 1
                    : sev == r->severity ? 0
                    : PyObject_RichCompareBool(sev, r->severity, Py_GT);
                if (higher < 0) {
                    Py_DECREF(sev);
                    goto fail;
                }
                if (higher)
                    Py_XSETREF(r->severity, sev);
                else
                    Py_DECREF(sev);
                /* fold.distinct.add(hash(m.value)) */
                PyObject *value = slot_get(m, S_VALUE, &C_VALUE);
                if (value == NULL)
                    goto fail;
                Py_hash_t h = PyObject_Hash(value);
                Py_DECREF(value);
                if (h == -1)
                    goto fail;
                PyObject *hv = PyLong_FromSsize_t(h);
                int bad = hv == NULL || PySet_Add(r->distinct, hv) < 0;
                Py_XDECREF(hv);
                if (bad)
                    goto fail;
                continue;
            }
            r->kept++;
            r->kept_changed = 1;
        }
        if (PyList_Append(kept, item) < 0)
            goto fail;
    }
    for (Py_ssize_t k = 0; k < n_rules; k++)
        if (write_back(&rules[k], kept_of) < 0)
            goto fail;
    clear_rules(rules, n_rules);
    PyObject *out = PyTuple_Pack(2, kept, minors);
    Py_DECREF(kept);
    Py_DECREF(minors);
    return out;
fail:
    if (rules != NULL)
        clear_rules(rules, n_rules);
    Py_XDECREF(kept);
    Py_XDECREF(minors);
    return NULL;
}

static PyMethodDef methods[] = {
    {"hold", hold, METH_VARARGS,
     "hold(matches, text, offset, boundary, line, held) -> line: FileScanner._text's loop."},
    {"fold", fold, METH_VARARGS,
     "fold(held, limit, kept_of, folds, new_fold, minor_id) -> (kept, minors): "
     "FileScanner._flush's loop."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "_held",
    "The matches a file scan holds: line numbers and per-rule folding (see _held.c).", -1,
    methods, NULL, NULL, NULL, NULL,
};

PyMODINIT_FUNC PyInit__held(void)
{
    static const char *const names[] = {"start", "rule", "id", "confidence", "severity",
                                        "value", "count", "distinct", "\n"};
    PyObject **slots[] = {&S_START, &S_RULE, &S_ID, &S_CONFIDENCE, &S_SEVERITY, &S_VALUE,
                          &S_COUNT, &S_DISTINCT, &S_NEWLINE};
    for (size_t k = 0; k < sizeof names / sizeof names[0]; k++) {
        if (*slots[k] == NULL && (*slots[k] = PyUnicode_InternFromString(names[k])) == NULL)
            return NULL;
    }
    return PyModule_Create(&module);
}

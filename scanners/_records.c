/* A finding's record at C speed: rows <-> Finding objects, and its JSON line.
 *
 * An unchanged rescan of the home benchmark answers 69,000 findings from the cache. Each is
 * a row (cache.row_of) made into a frozen dataclass (cache.finding_from: sixteen
 * object.__setattr__ calls, 2.8 us) and written as one JSON line (records.finding_line,
 * 4.7 us): together a third of the rescan. A first scan does the same in the parent for
 * every finding its workers send (and a row again for the cache). These are those three
 * functions, step for step; the Python ones stay the reference (tests/unit/
 * test_records_ext.py compares both on generated findings) and run where this module was
 * not built, or for what it leaves to them (it returns NotImplemented then):
 *
 *   findings(cls, rows, categories, severities) -> [cls(...)]   cache.finding_from per row
 *   rows(cls, findings, share, categories, severities) -> rows   cache.row_of per finding
 *   line(f, memo, accepted) -> str | NotImplemented              records.finding_line + "\n"
 *
 * `cls` is model.Finding: a frozen dataclass with __slots__, whose slots are set here
 * directly (its generated __init__ only sets them: there is no __post_init__).
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <structmember.h>
#include <stdint.h>
#include <string.h>

#define NFIELDS 16
static const char *const FIELDS[NFIELDS] = {
    "scanner", "rule", "category", "severity", "location", "preview", "fingerprint",
    "confidence", "line", "start", "end", "path", "count", "detail", "file", "member",
};
enum {
    F_SCANNER, F_RULE, F_CATEGORY, F_SEVERITY, F_LOCATION, F_PREVIEW, F_FINGERPRINT,
    F_CONFIDENCE, F_LINE, F_START, F_END, F_PATH, F_COUNT, F_DETAIL, F_FILE, F_MEMBER,
};

/* The byte offset of each field's slot in an instance of cls, in FIELDS order. */
static int slot_offsets(PyObject *cls, Py_ssize_t *offsets)
{
    if (!PyType_Check(cls)) {
        PyErr_SetString(PyExc_TypeError, "cls must be a class");
        return -1;
    }
    PyTypeObject *type = (PyTypeObject *)cls;
    for (int k = 0; k < NFIELDS; k++) {
        offsets[k] = -1;
        for (PyMemberDef *m = type->tp_members; m != NULL && m->name != NULL; m++) {
            if (m->type == T_OBJECT_EX && !(m->flags & READONLY) &&
                strcmp(m->name, FIELDS[k]) == 0) {
                offsets[k] = m->offset;
                break;
            }
        }
        if (offsets[k] < 0) {
            PyErr_Format(PyExc_TypeError, "%s has no slot %s", type->tp_name, FIELDS[k]);
            return -1;
        }
    }
    return 0;
}

#define SLOT(obj, off) (*(PyObject **)((char *)(obj) + (off)))

/* findings(cls, rows, categories, severities): cache.finding_from for each row. A row of
 * another length, or an unknown category or severity, raises as finding_from does
 * (ValueError, KeyError). */
static PyObject *findings(PyObject *self, PyObject *args)
{
    (void)self;
    PyObject *cls, *rows, *categories, *severities;
    Py_ssize_t off[NFIELDS];
    if (!PyArg_ParseTuple(args, "OO!O!O!", &cls, &PyList_Type, &rows, &PyDict_Type,
                          &categories, &PyDict_Type, &severities))
        return NULL;
    if (slot_offsets(cls, off) < 0)
        return NULL;
    PyTypeObject *type = (PyTypeObject *)cls;
    Py_ssize_t n = PyList_GET_SIZE(rows);
    PyObject *out = PyList_New(n);
    if (out == NULL)
        return NULL;
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *row = PyList_GET_ITEM(rows, i);
        PyObject *seq = PySequence_Fast(row, "a row must be a list");
        if (seq == NULL)
            goto fail;
        if (PySequence_Fast_GET_SIZE(seq) != NFIELDS) {
            Py_DECREF(seq);
            PyErr_SetString(PyExc_ValueError, "a row of another length");
            goto fail;
        }
        PyObject **item = PySequence_Fast_ITEMS(seq);
        PyObject *category = PyDict_GetItemWithError(categories, item[F_CATEGORY]);
        PyObject *severity = category ? PyDict_GetItemWithError(severities, item[F_SEVERITY])
                                      : NULL;
        if (severity == NULL) {
            if (!PyErr_Occurred())
                PyErr_SetObject(PyExc_KeyError, category ? item[F_SEVERITY] : item[F_CATEGORY]);
            Py_DECREF(seq);
            goto fail;
        }
        int truth = PyObject_IsTrue(item[F_DETAIL]);
        if (truth < 0) {
            Py_DECREF(seq);
            goto fail;
        }
        PyObject *detail = truth ? Py_NewRef(item[F_DETAIL]) : PyDict_New();
        PyObject *f = detail ? type->tp_alloc(type, 0) : NULL;
        if (f == NULL) {
            Py_XDECREF(detail);
            Py_DECREF(seq);
            goto fail;
        }
        for (int k = 0; k < NFIELDS; k++) {
            PyObject *v = k == F_CATEGORY ? category : k == F_SEVERITY ? severity
                          : k == F_DETAIL ? detail : item[k];
            SLOT(f, off[k]) = k == F_DETAIL ? v : Py_NewRef(v);
        }
        Py_DECREF(seq);
        PyList_SET_ITEM(out, i, f);
    }
    return out;
fail:
    Py_DECREF(out);  /* (unset items are NULL: list_dealloc skips them) */
    return NULL;
}

/* The text of an enum member from a (member, text) pair list, by identity. */
static PyObject *text_of(PyObject *pairs, PyObject *member)
{
    Py_ssize_t n = PyTuple_GET_SIZE(pairs);
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *pair = PyTuple_GET_ITEM(pairs, i);
        if (PyTuple_GET_ITEM(pair, 0) == member)
            return PyTuple_GET_ITEM(pair, 1);
    }
    PyErr_SetObject(PyExc_KeyError, member);
    return NULL;
}

static int check_pairs(PyObject *pairs)
{
    if (!PyTuple_Check(pairs))
        goto bad;
    for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(pairs); i++) {
        PyObject *pair = PyTuple_GET_ITEM(pairs, i);
        if (!PyTuple_Check(pair) || PyTuple_GET_SIZE(pair) != 2)
            goto bad;
    }
    return 0;
bad:
    PyErr_SetString(PyExc_TypeError, "a tuple of (member, text) pairs");
    return -1;
}

/* rows(cls, findings, share, categories, severities): cache.row_of for each finding (of
 * exactly cls); categories and severities: ((member, text), ...). */
static PyObject *rows(PyObject *self, PyObject *args)
{
    (void)self;
    PyObject *cls, *items, *categories, *severities;
    int share;
    Py_ssize_t off[NFIELDS];
    if (!PyArg_ParseTuple(args, "OO!pOO", &cls, &PyList_Type, &items, &share, &categories,
                          &severities))
        return NULL;
    if (slot_offsets(cls, off) < 0 || check_pairs(categories) < 0 || check_pairs(severities) < 0)
        return NULL;
    Py_ssize_t n = PyList_GET_SIZE(items);
    PyObject *out = PyList_New(n);
    if (out == NULL)
        return NULL;
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *f = PyList_GET_ITEM(items, i);
        if (Py_TYPE(f) != (PyTypeObject *)cls) {
            PyErr_SetString(PyExc_TypeError, "not a finding");
            goto fail;
        }
        PyObject *row = PyList_New(NFIELDS);
        if (row == NULL)
            goto fail;
        PyList_SET_ITEM(out, i, row);
        for (int k = 0; k < NFIELDS; k++) {
            PyObject *v = SLOT(f, off[k]);
            if (v == NULL) {
                PyErr_Format(PyExc_AttributeError, "%s", FIELDS[k]);
                goto fail;
            }
            if (k == F_CATEGORY || k == F_SEVERITY) {
                v = text_of(k == F_CATEGORY ? categories : severities, v);
                if (v == NULL)
                    goto fail;
                Py_INCREF(v);
            } else if (k == F_DETAIL) {
                if (share && PyDict_CheckExact(v)) {
                    Py_INCREF(v);
                } else {
                    PyObject *copy = PyDict_New();
                    if (copy == NULL || PyDict_Merge(copy, v, 1) < 0) {
                        Py_XDECREF(copy);
                        goto fail;
                    }
                    v = copy;
                }
                if (PyDict_GET_SIZE(v) == 0) {
                    Py_DECREF(v);
                    v = Py_NewRef(Py_None);
                }
            } else {
                Py_INCREF(v);
            }
            PyList_SET_ITEM(row, k, v);
        }
    }
    return out;
fail:
    Py_DECREF(out);
    return NULL;
}

/* --- the JSON line -------------------------------------------------------------------- */

typedef struct {
    char *data;  /* `first` until a line outgrows it */
    size_t size, capacity;
    char first[1024];
} Buffer;

static int grow(Buffer *b, size_t more)
{
    if (b->size + more <= b->capacity)
        return 0;
    size_t cap = b->capacity;
    while (cap < b->size + more)
        cap *= 2;
    char *data = b->data == b->first ? PyMem_Malloc(cap) : PyMem_Realloc(b->data, cap);
    if (data == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    if (b->data == b->first)
        memcpy(data, b->first, b->size);
    b->data = data;
    b->capacity = cap;
    return 0;
}

static int put(Buffer *b, const char *s, size_t n)
{
    if (grow(b, n) < 0)
        return -1;
    memcpy(b->data + b->size, s, n);
    b->size += n;
    return 0;
}

#define PUTS(b, lit) put((b), (lit), sizeof(lit) - 1)

/* UTF-8 of an exact str, or NULL without an error set when it has none (lone surrogates:
 * the Python writer takes those). */
static const char *utf8_of(PyObject *s, Py_ssize_t *n)
{
    if (!PyUnicode_CheckExact(s))
        return NULL;
    const char *u = PyUnicode_AsUTF8AndSize(s, n);
    if (u == NULL)
        PyErr_Clear();
    return u;
}

/* json.encoder.encode_basestring (ensure_ascii=False): the quoted string, with " \ and the
 * control characters escaped as _json.c escapes them. */
static int put_string(Buffer *b, const char *s, Py_ssize_t n)
{
    static const char hex[] = "0123456789abcdef";
    if (grow(b, (size_t)n * 6 + 2) < 0)
        return -1;
    char *o = b->data + b->size;
    *o++ = '"';
    for (Py_ssize_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x20 && c != '"' && c != '\\') {
            *o++ = (char)c;
            continue;
        }
        *o++ = '\\';
        switch (c) {
        case '"': *o++ = '"'; break;
        case '\\': *o++ = '\\'; break;
        case '\n': *o++ = 'n'; break;
        case '\r': *o++ = 'r'; break;
        case '\t': *o++ = 't'; break;
        case '\b': *o++ = 'b'; break;
        case '\f': *o++ = 'f'; break;
        default:
            *o++ = 'u'; *o++ = '0'; *o++ = '0';
            *o++ = hex[c >> 4]; *o++ = hex[c & 15];
        }
    }
    *o++ = '"';
    b->size = (size_t)(o - b->data);
    return 0;
}

/* 1: written; 0: not a plain str (the caller gives up); -1: error. */
static int put_str(Buffer *b, PyObject *s, int nullable)
{
    if (nullable && s == Py_None)
        return PUTS(b, "null") < 0 ? -1 : 1;
    Py_ssize_t n;
    const char *u = utf8_of(s, &n);
    if (u == NULL)
        return PyErr_Occurred() ? -1 : 0;
    return put_string(b, u, n) < 0 ? -1 : 1;
}

/* repr() of an exact int that fits 64 bits (or null). */
static int put_int(Buffer *b, PyObject *v, int nullable)
{
    if (nullable && v == Py_None)
        return PUTS(b, "null") < 0 ? -1 : 1;
    if (!PyLong_CheckExact(v))
        return 0;
    int overflow = 0;
    long long x = PyLong_AsLongLongAndOverflow(v, &overflow);
    if (overflow)
        return 0;
    if (x == -1 && PyErr_Occurred())
        return -1;
    char num[24], *o = num + sizeof num;
    unsigned long long u = x < 0 ? 0ULL - (unsigned long long)x : (unsigned long long)x;
    do {
        *--o = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    if (x < 0)
        *--o = '-';
    return put(b, o, (size_t)(num + sizeof num - o)) < 0 ? -1 : 1;
}

/* --- SHA-256 (FIPS 180-4), for the finding's uid ---------------------------------------- */

static const uint32_t K256[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4,
    0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe,
    0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f,
    0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7,
    0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc,
    0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
    0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116,
    0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
    0xc67178f2,
};

#define ROR(x, n) (((x) >> (n)) | ((x) << (32 - (n))))

static void sha256_block(uint32_t h[8], const unsigned char *p)
{
    uint32_t w[64];
    for (int i = 0; i < 16; i++)
        w[i] = (uint32_t)p[4 * i] << 24 | (uint32_t)p[4 * i + 1] << 16 |
               (uint32_t)p[4 * i + 2] << 8 | (uint32_t)p[4 * i + 3];
    for (int i = 16; i < 64; i++) {
        uint32_t s0 = ROR(w[i - 15], 7) ^ ROR(w[i - 15], 18) ^ (w[i - 15] >> 3);
        uint32_t s1 = ROR(w[i - 2], 17) ^ ROR(w[i - 2], 19) ^ (w[i - 2] >> 10);
        w[i] = w[i - 16] + s0 + w[i - 7] + s1;
    }
    uint32_t a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], k = h[7];
    for (int i = 0; i < 64; i++) {
        uint32_t t1 = k + (ROR(e, 6) ^ ROR(e, 11) ^ ROR(e, 25)) + ((e & f) ^ (~e & g)) +
                      K256[i] + w[i];
        uint32_t t2 = (ROR(a, 2) ^ ROR(a, 13) ^ ROR(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
        k = g; g = f; f = e; e = d + t1; d = c; c = b; b = a; a = t1 + t2;
    }
    h[0] += a; h[1] += b; h[2] += c; h[3] += d; h[4] += e; h[5] += f; h[6] += g; h[7] += k;
}

/* The first 16 bytes of SHA-256(a + "\x1f" + b), as 32 hex digits (records.finding_uid). */
static void uid_of(const char *a, size_t na, const char *b, size_t nb, char out[32])
{
    static const uint32_t H0[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                                   0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
    uint32_t h[8];
    memcpy(h, H0, sizeof h);
    unsigned char block[64];
    size_t fill = 0;
    uint64_t total = (uint64_t)(na + 1 + nb);
    const char *parts[3] = {a, "\x1f", b};
    size_t sizes[3] = {na, 1, nb};
    for (int p = 0; p < 3; p++) {
        const unsigned char *s = (const unsigned char *)parts[p];
        size_t n = sizes[p];
        while (n > 0) {
            size_t take = 64 - fill < n ? 64 - fill : n;
            memcpy(block + fill, s, take);
            fill += take;
            s += take;
            n -= take;
            if (fill == 64) {
                sha256_block(h, block);
                fill = 0;
            }
        }
    }
    block[fill++] = 0x80;
    if (fill > 56) {
        memset(block + fill, 0, 64 - fill);
        sha256_block(h, block);
        fill = 0;
    }
    memset(block + fill, 0, 56 - fill);
    uint64_t bits = total * 8;
    for (int i = 0; i < 8; i++)
        block[56 + i] = (unsigned char)(bits >> (56 - 8 * i));
    sha256_block(h, block);
    static const char hex[] = "0123456789abcdef";
    for (int i = 0; i < 4; i++) {
        for (int j = 0; j < 4; j++) {
            unsigned char byte = (unsigned char)(h[i] >> (24 - 8 * j));
            out[8 * i + 2 * j] = hex[byte >> 4];
            out[8 * i + 2 * j + 1] = hex[byte & 15];
        }
    }
}

/* A detail whose keys and values are all plain str, as records._detail writes it; 0 for any
 * other detail (the Python writer takes it). */
static int put_detail(Buffer *b, PyObject *detail)
{
    if (!PyDict_CheckExact(detail))
        return 0;
    if (PyDict_GET_SIZE(detail) == 0)
        return PUTS(b, "{}") < 0 ? -1 : 1;
    if (PUTS(b, "{") < 0)
        return -1;
    Py_ssize_t pos = 0, k = 0;
    PyObject *key, *value;
    while (PyDict_Next(detail, &pos, &key, &value)) {
        if (k++ && PUTS(b, ", ") < 0)
            return -1;
        int r = put_str(b, key, 0);
        if (r <= 0)
            return r;
        if (PUTS(b, ": ") < 0)
            return -1;
        r = put_str(b, value, 0);
        if (r <= 0)
            return r;
    }
    return PUTS(b, "}") < 0 ? -1 : 1;
}

/* The memo's key of a finding: (scanner, rule, confidence, protection, id(category),
 * id(severity)), protection being detail.get("protection"): the enum members by identity
 * (their hash is a Python call). NULL without an error for a detail that is not a dict. */
static PyObject *PROTECTION;  /* "protection" */

static PyObject *memo_key(PyObject *f, const Py_ssize_t *off)
{
    PyObject *detail = SLOT(f, off[F_DETAIL]);
    if (detail == NULL || !PyDict_CheckExact(detail))
        return NULL;
    PyObject *protection = PyDict_GetItemWithError(detail, PROTECTION);
    if (protection == NULL) {
        if (PyErr_Occurred())
            return NULL;
        protection = Py_None;
    }
    static const int parts[] = {F_SCANNER, F_RULE, F_CONFIDENCE, F_CATEGORY, F_SEVERITY};
    for (int k = 0; k < 5; k++)
        if (SLOT(f, off[parts[k]]) == NULL)
            return NULL;
    PyObject *category = PyLong_FromVoidPtr(SLOT(f, off[F_CATEGORY]));
    PyObject *severity = category ? PyLong_FromVoidPtr(SLOT(f, off[F_SEVERITY])) : NULL;
    PyObject *key = severity ? PyTuple_Pack(6, SLOT(f, off[F_SCANNER]), SLOT(f, off[F_RULE]),
                                            SLOT(f, off[F_CONFIDENCE]), protection, category,
                                            severity)
                             : NULL;
    Py_XDECREF(category);
    Py_XDECREF(severity);
    return key;
}

static PyObject *line_cls;  /* the class whose slot offsets are in line_off */
static Py_ssize_t line_off[NFIELDS];

/* 1: written; 0: the Python writer must take it; -1: error. */
static int write_line(Buffer *b, PyObject *f, PyObject *memo, int accepted)
{
    const Py_ssize_t *off = line_off;
    PyObject *key = memo_key(f, off);
    if (key == NULL)
        return PyErr_Occurred() ? -1 : 0;
    PyObject *pieces = PyDict_GetItemWithError(memo, key);
    Py_DECREF(key);
    if (pieces == NULL)
        return PyErr_Occurred() ? -1 : 0;  /* a miss: Python fills the memo */
    if (!PyTuple_CheckExact(pieces) || PyTuple_GET_SIZE(pieces) != 2)
        return 0;
    Py_ssize_t nh, ne;
    const char *head = utf8_of(PyTuple_GET_ITEM(pieces, 0), &nh);
    const char *end = head ? utf8_of(PyTuple_GET_ITEM(pieces, 1), &ne) : NULL;
    if (end == NULL)
        return PyErr_Occurred() ? -1 : 0;
    Py_ssize_t nf, nl;
    const char *fingerprint = utf8_of(SLOT(f, off[F_FINGERPRINT]), &nf);
    const char *location = fingerprint ? utf8_of(SLOT(f, off[F_LOCATION]), &nl) : NULL;
    if (location == NULL)
        return PyErr_Occurred() ? -1 : 0;
    int r;
#define STEP(call) do { r = (call); if (r <= 0) return r; } while (0)
#define TEXT(lit) do { if (PUTS(b, lit) < 0) return -1; } while (0)
    if (put(b, head, (size_t)nh) < 0 || put_string(b, location, nl) < 0)
        return -1;
    TEXT(", \"path\": ");
    STEP(put_str(b, SLOT(f, off[F_PATH]), 1));
    TEXT(", \"line\": ");
    STEP(put_int(b, SLOT(f, off[F_LINE]), 1));
    TEXT(", \"start\": ");
    STEP(put_int(b, SLOT(f, off[F_START]), 1));
    TEXT(", \"end\": ");
    STEP(put_int(b, SLOT(f, off[F_END]), 1));
    TEXT(", \"preview\": ");
    STEP(put_str(b, SLOT(f, off[F_PREVIEW]), 0));
    TEXT(", \"fingerprint\": ");
    if (put_string(b, fingerprint, nf) < 0)
        return -1;
    TEXT(", \"count\": ");
    STEP(put_int(b, SLOT(f, off[F_COUNT]), 0));
    TEXT(", \"detail\": ");
    STEP(put_detail(b, SLOT(f, off[F_DETAIL])));
    TEXT(", \"file\": ");
    STEP(put_str(b, SLOT(f, off[F_FILE]), 1));
    TEXT(", \"member\": ");
    STEP(put_str(b, SLOT(f, off[F_MEMBER]), 0));
    TEXT(", \"finding_uid\": \"");
    if (grow(b, 32) < 0)
        return -1;
    uid_of(fingerprint, (size_t)nf, location, (size_t)nl, b->data + b->size);
    b->size += 32;
    if (accepted)
        TEXT("\", \"accepted\": true, ");
    else
        TEXT("\", \"accepted\": false, ");
    if (put(b, end, (size_t)ne) < 0)
        return -1;
#undef STEP
#undef TEXT
    return 1;
}

/* line(f, memo, accepted): records.finding_line for a finding whose memo entry (memo[key] =
 * (head, end): `memo_key`) is there, with "\n" after it; NotImplemented when the Python
 * writer must take it (a memo miss, a value that is not plain text, an unusual detail). */
static PyObject *line(PyObject *self, PyObject *args)
{
    (void)self;
    PyObject *f, *memo;
    int accepted;
    if (!PyArg_ParseTuple(args, "OO!p", &f, &PyDict_Type, &memo, &accepted))
        return NULL;
    PyObject *cls = (PyObject *)Py_TYPE(f);
    if (cls != line_cls) {
        Py_ssize_t off[NFIELDS];
        if (slot_offsets(cls, off) < 0) {
            PyErr_Clear();
            Py_RETURN_NOTIMPLEMENTED;
        }
        memcpy(line_off, off, sizeof off);
        Py_XSETREF(line_cls, Py_NewRef(cls));
    }
    Buffer b;
    b.data = b.first;
    b.size = 0;
    b.capacity = sizeof b.first;
    int r = write_line(&b, f, memo, accepted);
    PyObject *out = NULL;
    if (r > 0 && PUTS(&b, "\n") == 0)
        out = PyUnicode_DecodeUTF8(b.data, (Py_ssize_t)b.size, "strict");
    else if (r == 0)
        out = Py_NewRef(Py_NotImplemented);
    if (b.data != b.first)
        PyMem_Free(b.data);
    return out;
}

static PyMethodDef methods[] = {
    {"findings", findings, METH_VARARGS, "cache.finding_from for each row"},
    {"rows", rows, METH_VARARGS, "cache.row_of for each finding"},
    {"line", line, METH_VARARGS, "records.finding_line + '\\n', or NotImplemented"},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "_records", "A finding's record at C speed (see _records.c).", -1,
    methods, NULL, NULL, NULL, NULL,
};

PyMODINIT_FUNC PyInit__records(void)
{
    PROTECTION = PyUnicode_InternFromString("protection");
    return PROTECTION ? PyModule_Create(&module) : NULL;
}

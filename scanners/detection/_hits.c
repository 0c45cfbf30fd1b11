/* Hyperscan's hits, collected and merged into windows without a Python call per hit.
 *
 * python-hyperscan calls its match handler once per hit with (id, from, to, flags, ctx). A
 * dense export gives a quarter of a million hits per 2 MB, and a Python handler plus the
 * Python loop that merges the hits into windows was a fifth of the detection time there.
 * `Hits` is a handler written in C (it only stores the three numbers) and `Hits.windows()`
 * is prefilter.Prefilter.windows()'s merge loop, step for step: the windows are the same
 * (tests/unit/test_hits_ext.py compares both on random and real hits). Optional: without a
 * C compiler the package installs without it and prefilter.py runs its Python loop.
 *
 * `first_word` and `window_word` are detect.py's search for the keyword near a value, the
 * second over the window as it stands in the text (no slices, no joined copy, no lower()
 * per value): every value of a dense export asks it.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <structmember.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    int64_t start, end;
    uint32_t rule;
} Hit;

typedef struct {
    PyObject_HEAD
    Hit *hits;
    Py_ssize_t size, capacity;
} Hits;

static void Hits_dealloc(Hits *self)
{
    PyMem_Free(self->hits);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

/* The match handler: (id, from, to, flags, context). Returns None (go on scanning). */
static PyObject *Hits_call(Hits *self, PyObject *args, PyObject *kwargs)
{
    if (kwargs != NULL || !PyTuple_Check(args) || PyTuple_GET_SIZE(args) < 3) {
        PyErr_SetString(PyExc_TypeError, "Hits(id, from, to, ...) takes positional numbers");
        return NULL;
    }
    unsigned long rule = PyLong_AsUnsignedLong(PyTuple_GET_ITEM(args, 0));
    unsigned long long from = PyLong_AsUnsignedLongLong(PyTuple_GET_ITEM(args, 1));
    unsigned long long to = PyLong_AsUnsignedLongLong(PyTuple_GET_ITEM(args, 2));
    if (PyErr_Occurred())
        return NULL;
    if (self->size == self->capacity) {
        Py_ssize_t grown = self->capacity ? self->capacity * 2 : 1024;
        Hit *more = PyMem_Realloc(self->hits, (size_t)grown * sizeof(Hit));
        if (more == NULL)
            return PyErr_NoMemory();
        self->hits = more;
        self->capacity = grown;
    }
    Hit *h = &self->hits[self->size++];
    h->start = (int64_t)from;
    h->end = (int64_t)to;
    h->rule = (uint32_t)rule;
    Py_RETURN_NONE;
}

static Py_ssize_t Hits_len(Hits *self)
{
    return self->size;
}

static PyObject *Hits_clear(Hits *self, PyObject *Py_UNUSED(ignored))
{
    self->size = 0;
    if (self->capacity > (1 << 20)) { /* a huge text's buffer is not kept for the next one */
        PyMem_Free(self->hits);
        self->hits = NULL;
        self->capacity = 0;
    }
    Py_RETURN_NONE;
}

/* (lo, hi) as a tuple of two ints (Py_BuildValue parses its format for every window). */
static PyObject *pair_of(Py_ssize_t lo, Py_ssize_t hi)
{
    PyObject *a = PyLong_FromSsize_t(lo), *b = PyLong_FromSsize_t(hi);
    if (a == NULL || b == NULL) {
        Py_XDECREF(a);
        Py_XDECREF(b);
        return NULL;
    }
    PyObject *pair = PyTuple_New(2);
    if (pair == NULL) {
        Py_DECREF(a);
        Py_DECREF(b);
        return NULL;
    }
    PyTuple_SET_ITEM(pair, 0, a);
    PyTuple_SET_ITEM(pair, 1, b);
    return pair;
}

/* [(start, end, rule), ...]: for tests and for the Python loop's own use. */
static PyObject *Hits_list(Hits *self, PyObject *Py_UNUSED(ignored))
{
    PyObject *out = PyList_New(self->size);
    if (out == NULL)
        return NULL;
    for (Py_ssize_t i = 0; i < self->size; i++) {
        Hit *h = &self->hits[i];
        PyObject *t = Py_BuildValue("(LLk)", (long long)h->start, (long long)h->end,
                                    (unsigned long)h->rule);
        if (t == NULL) {
            Py_DECREF(out);
            return NULL;
        }
        PyList_SET_ITEM(out, i, t);
    }
    return out;
}

typedef struct {
    int64_t lo, hi;
} Span;

typedef struct {
    Span *spans;
    Py_ssize_t size, capacity;
} Spans;

static int spans_push(Spans *s, int64_t lo, int64_t hi)
{
    if (s->size == s->capacity) {
        Py_ssize_t grown = s->capacity ? s->capacity * 2 : 16;
        Span *more = PyMem_Realloc(s->spans, (size_t)grown * sizeof(Span));
        if (more == NULL)
            return -1;
        s->spans = more;
        s->capacity = grown;
    }
    s->spans[s->size].lo = lo;
    s->spans[s->size].hi = hi;
    s->size++;
    return 0;
}

static int span_order(const void *a, const void *b)
{
    const Span *x = a, *y = b;
    if (x->lo != y->lo)
        return x->lo < y->lo ? -1 : 1;
    if (x->hi != y->hi)
        return x->hi < y->hi ? -1 : 1;
    return 0;
}

/* Read a list of ints (one per rule) into `out`. */
static int read_ints(PyObject *seq, Py_ssize_t n, int64_t *out, const char *what)
{
    if (!PyList_Check(seq) || PyList_GET_SIZE(seq) != n) {
        PyErr_Format(PyExc_TypeError, "%s must be a list of %zd ints", what, n);
        return -1;
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        out[i] = PyLong_AsLongLong(PyList_GET_ITEM(seq, i));
        if (out[i] == -1 && PyErr_Occurred())
            return -1;
    }
    return 0;
}

/* windows(data, pre, post, som, runs, gap[, chars]) -> {rule: [(lo, hi), ...]}.
 *
 * In byte offsets; with `chars` true, widened to whole UTF-8 characters and given as
 * character offsets (prefilter._spans_to_chars, for text that is not ASCII).
 *
 * pre, post: lists of ints per rule (already scaled); som: list of bools per rule (the hit's
 * start is exact: the window starts there, else it starts `pre` before the hit's end);
 * runs: list per rule of None or a 256-byte table (non-zero: a byte of the run that a
 * window's end is carried over, prefilter._RUNS); gap: windows closer than this merge.
 */
static PyObject *Hits_windows(Hits *self, PyObject *args)
{
    Py_buffer data;
    PyObject *opre, *opost, *osom, *oruns;
    long long gap;
    int chars = 0;
    if (!PyArg_ParseTuple(args, "y*OOOOL|p", &data, &opre, &opost, &osom, &oruns, &gap,
                          &chars))
        return NULL;
    PyObject *result = NULL;
    int64_t *char_at = NULL; /* char_at[b]: characters before byte b (chars mode) */
    Py_ssize_t n = PyList_Check(opre) ? PyList_GET_SIZE(opre) : -1;
    int64_t *pre = NULL, *post = NULL;
    char *som = NULL;
    const unsigned char **runs = NULL;
    Spans *by_rule = NULL;
    if (n < 0) {
        PyErr_SetString(PyExc_TypeError, "pre must be a list");
        goto done;
    }
    pre = PyMem_Calloc((size_t)n + 1, sizeof(int64_t));
    post = PyMem_Calloc((size_t)n + 1, sizeof(int64_t));
    som = PyMem_Calloc((size_t)n + 1, 1);
    runs = PyMem_Calloc((size_t)n + 1, sizeof(*runs));
    by_rule = PyMem_Calloc((size_t)n + 1, sizeof(Spans));
    if (!pre || !post || !som || !runs || !by_rule) {
        PyErr_NoMemory();
        goto done;
    }
    if (read_ints(opre, n, pre, "pre") < 0 || read_ints(opost, n, post, "post") < 0)
        goto done;
    if (!PyList_Check(osom) || PyList_GET_SIZE(osom) != n || !PyList_Check(oruns) ||
        PyList_GET_SIZE(oruns) != n) {
        PyErr_SetString(PyExc_TypeError, "som and runs must be lists, one item per rule");
        goto done;
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        int truth = PyObject_IsTrue(PyList_GET_ITEM(osom, i));
        if (truth < 0)
            goto done;
        som[i] = (char)truth;
        PyObject *run = PyList_GET_ITEM(oruns, i);
        if (run != Py_None) {
            if (!PyBytes_Check(run) || PyBytes_GET_SIZE(run) != 256) {
                PyErr_SetString(PyExc_TypeError, "a run is None or a 256-byte table");
                goto done;
            }
            runs[i] = (const unsigned char *)PyBytes_AS_STRING(run);
        }
    }
    const unsigned char *bytes = data.buf;
    const int64_t size = (int64_t)data.len;
    int unordered = 0; /* a window grew backwards: every rule's windows are merged again */
    /* The merge loop of Prefilter.windows(), hit by hit, in the order Hyperscan reported. */
    for (Py_ssize_t k = 0; k < self->size; k++) {
        const Hit *h = &self->hits[k];
        if ((Py_ssize_t)h->rule >= n) {
            PyErr_SetString(PyExc_ValueError, "a hit names a rule beyond the lists");
            goto done;
        }
        const uint32_t r = h->rule;
        int64_t lo = (som[r] ? h->start : h->end) - pre[r];
        int64_t hi = h->end + post[r];
        if (runs[r] != NULL) {
            /* `run.match(data, hi).end()`: a position past the end is the end */
            if (hi > size)
                hi = size;
            while (hi < size && runs[r][bytes[hi]])
                hi++;
        }
        Spans *s = &by_rule[r];
        if (s->size == 0) {
            if (spans_push(s, lo, hi) < 0) {
                PyErr_NoMemory();
                goto done;
            }
            continue;
        }
        Span *last = &s->spans[s->size - 1];
        if (lo <= last->hi + gap) {
            if (hi > last->hi)
                last->hi = hi;
            if (lo < last->lo) {
                last->lo = lo;
                unordered = 1;
            }
        } else if (spans_push(s, lo, hi) < 0) {
            PyErr_NoMemory();
            goto done;
        }
    }
    if (chars) {
        char_at = PyMem_Malloc(((size_t)size + 1) * sizeof(int64_t));
        if (char_at == NULL) {
            PyErr_NoMemory();
            goto done;
        }
        int64_t count = 0;
        for (int64_t b = 0; b < size; b++) {
            char_at[b] = count;
            count += (bytes[b] & 0xC0) != 0x80; /* a character starts at each non-continuation */
        }
        char_at[size] = count;
    }
    result = PyDict_New();
    if (result == NULL)
        goto done;
    for (Py_ssize_t r = 0; r < n; r++) {
        Spans *s = &by_rule[r];
        if (s->size == 0)
            continue;
        Py_ssize_t count = s->size;
        if (unordered) { /* _remerge: sort, then merge what now lies within the gap */
            qsort(s->spans, (size_t)s->size, sizeof(Span), span_order);
            count = 0;
            for (Py_ssize_t i = 0; i < s->size; i++) {
                Span sp = s->spans[i];
                if (count && sp.lo <= s->spans[count - 1].hi + gap) {
                    if (sp.hi > s->spans[count - 1].hi)
                        s->spans[count - 1].hi = sp.hi;
                } else {
                    s->spans[count++] = sp;
                }
            }
        }
        PyObject *list = PyList_New(count);
        if (list == NULL) {
            Py_CLEAR(result);
            goto done;
        }
        for (Py_ssize_t i = 0; i < count; i++) {
            int64_t lo = s->spans[i].lo < 0 ? 0 : s->spans[i].lo;
            int64_t hi = s->spans[i].hi > size ? size : s->spans[i].hi;
            if (chars) { /* back to the start of a character, forward past the last one */
                while (lo > 0 && lo < size && (bytes[lo] & 0xC0) == 0x80)
                    lo--;
                while (hi >= 0 && hi < size && (bytes[hi] & 0xC0) == 0x80)
                    hi++;
                lo = lo > size ? char_at[size] : char_at[lo];
                hi = hi < 0 ? 0 : char_at[hi];
            }
            PyObject *pair = pair_of((Py_ssize_t)lo, (Py_ssize_t)hi);
            if (pair == NULL) {
                Py_DECREF(list);
                Py_CLEAR(result);
                goto done;
            }
            PyList_SET_ITEM(list, i, pair);
        }
        PyObject *key = PyLong_FromSsize_t(r);
        int failed = key == NULL || PyDict_SetItem(result, key, list) < 0;
        Py_XDECREF(key);
        Py_DECREF(list);
        if (failed) {
            Py_CLEAR(result);
            goto done;
        }
    }
done:
    if (by_rule != NULL) {
        for (Py_ssize_t r = 0; r < n; r++)
            PyMem_Free(by_rule[r].spans);
    }
    PyMem_Free(by_rule);
    PyMem_Free(char_at);
    PyMem_Free(pre);
    PyMem_Free(post);
    PyMem_Free(som);
    PyMem_Free((void *)runs);
    PyBuffer_Release(&data);
    return result;
}

static PyMethodDef Hits_methods[] = {
    {"clear", (PyCFunction)Hits_clear, METH_NOARGS, "Forget the hits (keep the buffer)."},
    {"list", (PyCFunction)Hits_list, METH_NOARGS, "The hits as [(start, end, rule), ...]."},
    {"windows", (PyCFunction)Hits_windows, METH_VARARGS,
     "windows(data, pre, post, som, runs, gap, chars=False) -> {rule: [(lo, hi), ...]}"},
    {NULL, NULL, 0, NULL},
};

static PySequenceMethods Hits_as_sequence = {
    .sq_length = (lenfunc)Hits_len,
};

static PyTypeObject HitsType = {
    PyVarObject_HEAD_INIT(NULL, 0).tp_name = "_hits.Hits",
    .tp_doc = "A Hyperscan match handler that stores (start, end, rule) in C.",
    .tp_basicsize = sizeof(Hits),
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_new = PyType_GenericNew,
    .tp_dealloc = (destructor)Hits_dealloc,
    .tp_call = (ternaryfunc)Hits_call,
    .tp_methods = Hits_methods,
    .tp_as_sequence = &Hits_as_sequence,
};

/* detect.first_word_py(low, raw, words), step for step (tests/unit/test_hits_ext.py
 * compares the two), and the same over a context window without building it
 * (`window_word`). A dense export asks this for most of its values. */
static int latin(Py_UCS4 c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

typedef struct {
    PyObject *low, *raw; /* `raw` lower-cased, and `raw` */
    Py_ssize_t s, e;     /* the part of both that is one string of the Python version */
    int camel;           /* lower() kept every offset: case is readable in `raw` */
} Segment;

/* Whether `word` stands as a word in seg (its ends are a string's ends): 1, 0, -1 (error). */
static int stands(const Segment *seg, PyObject *word, int first, int last)
{
    const int lk = PyUnicode_KIND(seg->low), rk = PyUnicode_KIND(seg->raw);
    const void *ld = PyUnicode_DATA(seg->low), *rd = PyUnicode_DATA(seg->raw);
    const Py_ssize_t len = PyUnicode_GET_LENGTH(word), s = seg->s, e = seg->e;
    if (e - s < len)
        return 0;
    Py_ssize_t i = PyUnicode_Find(seg->low, word, s, e, 1);
    while (i >= 0) {
        const Py_ssize_t j = i + len;
        int ok = 1;
        if (first && i > s && latin(PyUnicode_READ(lk, ld, i - 1)))
            ok = seg->camel && Py_UNICODE_ISLOWER(PyUnicode_READ(rk, rd, i - 1)) &&
                 Py_UNICODE_ISUPPER(PyUnicode_READ(rk, rd, i));
        else if (first && i > s && PyUnicode_READ(lk, ld, i - 1) == '@')
            ok = 0; /* a mail domain ("lmoore@qq.com"), not a label */
        if (ok && last && j < e && latin(PyUnicode_READ(lk, ld, j))) {
            Py_ssize_t k = j;
            const Py_UCS4 c = PyUnicode_READ(lk, ld, j);
            if (c == 'e' && j + 1 < e && PyUnicode_READ(lk, ld, j + 1) == 's')
                k = j + 2;
            else if (c == 's')
                k = j + 1;
            if (!(k > j && (k >= e || !latin(PyUnicode_READ(lk, ld, k)))))
                ok = seg->camel && Py_UNICODE_ISLOWER(PyUnicode_READ(rk, rd, j - 1)) &&
                     Py_UNICODE_ISUPPER(PyUnicode_READ(rk, rd, j)); /* not a plural */
        }
        if (ok)
            return 1;
        i = PyUnicode_Find(seg->low, word, i + 1, e, 1);
    }
    return i == -2 ? -1 : 0;
}

/* The word of words[w], a (str, bool, bool) tuple (borrowed); NULL with an error set. */
static PyObject *word_at(PyObject *words, Py_ssize_t w)
{
    PyObject *item = PyTuple_GET_ITEM(words, w);
    if (!PyTuple_Check(item) || PyTuple_GET_SIZE(item) != 3 ||
        !PyUnicode_Check(PyTuple_GET_ITEM(item, 0))) {
        PyErr_SetString(PyExc_TypeError, "words are (str, bool, bool) tuples");
        return NULL;
    }
    return PyTuple_GET_ITEM(item, 0);
}

/* The first of `words` standing in one of the segments; NULL with an error set, or a new
 * reference (the word, or ""). A word with a space may stand across two segments (the
 * Python version joins them with one): the caller passes such words only joined. */
/* Which characters, and which pairs of neighbouring characters, a segment's lower-cased
 * text holds (256 bits each, hashed): a word whose first character or first two are not
 * there cannot stand in it, and is not searched for. A rule has tens of keywords and most
 * windows hold none: the searches were 5% of the detection time on exports. */
typedef struct {
    uint64_t one[4], two[4];
} Bloom;

#define PAIR(a, b) ((((a) * 31u) + (b)) & 255u)

static void bloom_of(const Segment *seg, Bloom *b)
{
    const int kind = PyUnicode_KIND(seg->low);
    const void *data = PyUnicode_DATA(seg->low);
    memset(b, 0, sizeof *b);
    Py_UCS4 prev = 0;
    for (Py_ssize_t i = seg->s; i < seg->e; i++) {
        const Py_UCS4 c = PyUnicode_READ(kind, data, i);
        b->one[(c & 255u) >> 6] |= 1ull << (c & 63u);
        if (i > seg->s) {
            const unsigned h = PAIR(prev, c);
            b->two[h >> 6] |= 1ull << (h & 63u);
        }
        prev = c;
    }
}

static int maybe_in(const Bloom *b, PyObject *word)
{
    const Py_ssize_t len = PyUnicode_GET_LENGTH(word);
    if (len == 0)
        return 1;
    const int kind = PyUnicode_KIND(word);
    const void *data = PyUnicode_DATA(word);
    const Py_UCS4 c = PyUnicode_READ(kind, data, 0);
    if (!(b->one[(c & 255u) >> 6] & (1ull << (c & 63u))))
        return 0;
    if (len == 1)
        return 1;
    const unsigned h = PAIR(c, PyUnicode_READ(kind, data, 1));
    return (b->two[h >> 6] & (1ull << (h & 63u))) != 0;
}

#define MAX_BLOOMS 4

/* The first of `words` standing in one of the segments; NULL with an error set, or a new
 * reference (the word, or ""). A word with a space may stand across two segments (the
 * Python version joins them with one): the caller passes such words only joined. */
static PyObject *first_in(const Segment *segs, int nsegs, PyObject *words)
{
    if (!PyTuple_Check(words)) {
        PyErr_SetString(PyExc_TypeError, "words must be a tuple");
        return NULL;
    }
    Bloom blooms[MAX_BLOOMS];
    const int filtered = nsegs <= MAX_BLOOMS && PyTuple_GET_SIZE(words) > 2;
    if (filtered)
        for (int g = 0; g < nsegs; g++)
            bloom_of(&segs[g], &blooms[g]);
    for (Py_ssize_t w = 0; w < PyTuple_GET_SIZE(words); w++) {
        PyObject *word = word_at(words, w);
        if (word == NULL)
            return NULL;
        PyObject *item = PyTuple_GET_ITEM(words, w);
        const int first = PyObject_IsTrue(PyTuple_GET_ITEM(item, 1));
        const int last = PyObject_IsTrue(PyTuple_GET_ITEM(item, 2));
        if (first < 0 || last < 0)
            return NULL;
        for (int g = 0; g < nsegs; g++) {
            if (filtered && !maybe_in(&blooms[g], word))
                continue;
            const int found = stands(&segs[g], word, first, last);
            if (found < 0)
                return NULL;
            if (found)
                return Py_NewRef(word);
        }
    }
    return PyUnicode_New(0, 0);
}

static PyObject *first_word(PyObject *module, PyObject *args)
{
    PyObject *low, *raw, *words;
    (void)module;
    if (!PyArg_ParseTuple(args, "UUO", &low, &raw, &words))
        return NULL;
    Segment seg = {low, raw, 0, PyUnicode_GET_LENGTH(low),
                   PyUnicode_GET_LENGTH(raw) == PyUnicode_GET_LENGTH(low)};
    return first_in(&seg, 1, words);
}

/* window_word(low, text, lo, m_lo, m_hi, hi, header_low, header, words): what
 * first_word_py gives for the window text[lo:m_lo] + " " + text[m_hi:hi] (+ " " + header),
 * where `low` is text.lower() and `header_low` header.lower(), each of the same length as
 * the original (the caller checks). Words with a space go to the joined window. */
static PyObject *window_core(PyObject *low, PyObject *text, Py_ssize_t lo, Py_ssize_t m_lo,
                             Py_ssize_t m_hi, Py_ssize_t hi, PyObject *header_low,
                             PyObject *header, PyObject *words)
{
    const Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    const int has_header = header != Py_None;
    if (PyUnicode_GET_LENGTH(low) != n || !PyTuple_Check(words) ||
        (has_header && (!PyUnicode_Check(header) || !PyUnicode_Check(header_low) ||
                        PyUnicode_GET_LENGTH(header) != PyUnicode_GET_LENGTH(header_low)))) {
        PyErr_SetString(PyExc_ValueError, "low/header_low must be as long as text/header");
        return NULL;
    }
    lo = lo < 0 ? 0 : lo > n ? n : lo;
    m_lo = m_lo < lo ? lo : m_lo > n ? n : m_lo;
    m_hi = m_hi < 0 ? 0 : m_hi > n ? n : m_hi;
    hi = hi < m_hi ? m_hi : hi > n ? n : hi;
    {
        /* detect.context_span: no word the window's edge cuts ("nic" of "Única") */
        const int tk = PyUnicode_KIND(text);
        const void *td = PyUnicode_DATA(text);
        if (lo > 0 && latin(PyUnicode_READ(tk, td, lo - 1)))
            while (lo < m_lo && latin(PyUnicode_READ(tk, td, lo)))
                lo++;
        if (hi < n && latin(PyUnicode_READ(tk, td, hi)))
            while (hi > m_hi && latin(PyUnicode_READ(tk, td, hi - 1)))
                hi--;
    }
    int spaced = 0;
    for (Py_ssize_t w = 0; w < PyTuple_GET_SIZE(words) && !spaced; w++) {
        PyObject *word = word_at(words, w);
        if (word == NULL)
            return NULL;
        const Py_ssize_t at = PyUnicode_FindChar(word, ' ', 0, PyUnicode_GET_LENGTH(word), 1);
        if (at == -2)
            return NULL;
        spaced = at >= 0;
    }
    if (!spaced) {
        Segment segs[3] = {{low, text, lo, m_lo, 1}, {low, text, m_hi, hi, 1}, {0}};
        int nsegs = 2;
        if (has_header) {
            segs[2] = (Segment){header_low, header, 0, PyUnicode_GET_LENGTH(header), 1};
            nsegs = 3;
        }
        return first_in(segs, nsegs, words);
    }
    /* The joined window, as the Python version builds it. */
    PyObject *parts[2] = {NULL, NULL}, *result = NULL;
    PyObject *sources[2] = {low, text}, *tails[2] = {header_low, header};
    for (int p = 0; p < 2; p++) {
        PyObject *left = PyUnicode_Substring(sources[p], lo, m_lo);
        PyObject *right = PyUnicode_Substring(sources[p], m_hi, hi);
        PyObject *joined = NULL;
        if (left != NULL && right != NULL)
            joined = has_header ? PyUnicode_FromFormat("%U %U %U", left, right, tails[p])
                                : PyUnicode_FromFormat("%U %U", left, right);
        Py_XDECREF(left);
        Py_XDECREF(right);
        if (joined == NULL)
            goto done;
        parts[p] = joined;
    }
    Segment seg = {parts[0], parts[1], 0, PyUnicode_GET_LENGTH(parts[0]), 1};
    result = first_in(&seg, 1, words);
done:
    Py_XDECREF(parts[0]);
    Py_XDECREF(parts[1]);
    return result;
}

static PyObject *window_word(PyObject *module, PyObject *args)
{
    PyObject *low, *text, *header_low, *header, *words;
    Py_ssize_t lo, m_lo, m_hi, hi;
    (void)module;
    if (!PyArg_ParseTuple(args, "UUnnnnOOO", &low, &text, &lo, &m_lo, &m_hi, &hi, &header_low,
                          &header, &words))
        return NULL;
    return window_core(low, text, lo, m_lo, m_hi, hi, header_low, header, words);
}

/* detect._column_of: the column of the table line that holds `pos`, counted by its
 * delimiters, a delimiter inside a quoted cell not counting once the line has a quote. */
static Py_ssize_t column_of(PyObject *text, Py_ssize_t pos, Py_UCS4 delimiter)
{
    const int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t line = pos;
    while (line > 0 && PyUnicode_READ(kind, data, line - 1) != '\n')
        line--;
    Py_ssize_t col = 0, plain = 0;
    int quoted = 0, quotes = 0;
    for (Py_ssize_t i = line; i < pos; i++) {
        const Py_UCS4 c = PyUnicode_READ(kind, data, i);
        if (c == '"') {
            quoted = !quoted;
            quotes = 1;
        } else if (c == delimiter) {
            plain++;
            if (!quoted)
                col++;
        }
    }
    return quotes ? col : plain;
}

/* Where a match's context window starts and ends before window_core snaps its edges: detect.
 * context_span's first step. `window` characters on either side, or, negated (a rule that reads
 * its labels before its values only: "Passport No.: 563287419"), before the match only and not
 * before its own line, so that the previous line's label is no label for it ("운전면허번호
 * Q5925692\nQQ群：1237287"), unless the value begins its line outside a table (a label printed
 * above it). */
static void window_span(PyObject *text, Py_ssize_t window, Py_ssize_t m_lo, Py_ssize_t m_hi,
                        int table, Py_ssize_t *lo, Py_ssize_t *hi)
{
    if (window >= 0) {
        *lo = m_lo - window;
        *hi = m_hi + window;
        return;
    }
    *lo = m_lo + window;
    *hi = m_hi;
    const Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    const int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    const Py_ssize_t end = m_lo < 0 ? 0 : m_lo > n ? n : m_lo;
    Py_ssize_t line = end;
    while (line > *lo && line > 0 && PyUnicode_READ(kind, data, line - 1) != '\n')
        line--;
    if (line <= *lo || line == 0)
        return; /* no line break inside the window */
    if (!table) {
        Py_ssize_t j = line;
        while (j < end) {
            const Py_UCS4 c = PyUnicode_READ(kind, data, j);
            if (c != ' ' && c != '\t' && c != '\r')
                break;
            j++;
        }
        if (j >= end)
            return; /* the value begins its line */
    }
    *lo = line;
}

/* cell_word(low, text, m_lo, m_hi, start, delimiter, by_header, window): detect._cell_keyword
 * for a text whose lower() kept its offsets (`low`); by_header holds per column (header,
 * its keyword, the keywords before it, their alternation, header lower-cased). */
static PyObject *cell_word_core(PyObject *low, PyObject *text, Py_ssize_t m_lo,
                                Py_ssize_t m_hi, Py_ssize_t start, PyObject *delimiter,
                                PyObject *by_header, Py_ssize_t window)
{
    const Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    if (PyUnicode_GET_LENGTH(delimiter) != 1 || start < 0 || start > n) {
        PyErr_SetString(PyExc_ValueError, "one delimiter character, a start inside the text");
        return NULL;
    }
    const Py_ssize_t col = column_of(text, start, PyUnicode_READ_CHAR(delimiter, 0));
    if (col >= PyList_GET_SIZE(by_header))
        return PyUnicode_New(0, 0);
    PyObject *entry = PyList_GET_ITEM(by_header, col);
    if (!PyTuple_Check(entry) || PyTuple_GET_SIZE(entry) != 5) {
        PyErr_SetString(PyExc_TypeError, "by_header holds 5-tuples");
        return NULL;
    }
    PyObject *word = PyTuple_GET_ITEM(entry, 1), *before = PyTuple_GET_ITEM(entry, 2);
    if (!PyUnicode_Check(word) || !PyTuple_Check(before)) {
        PyErr_SetString(PyExc_TypeError, "a column's keyword is a str, those before a tuple");
        return NULL;
    }
    if (PyUnicode_GET_LENGTH(word) == 0 || PyTuple_GET_SIZE(before) == 0)
        return Py_NewRef(word);
    Py_ssize_t lo, hi;
    window_span(text, window, m_lo, m_hi, 1, &lo, &hi);
    PyObject *found = window_core(low, text, lo, m_lo, m_hi, hi,
                                  PyTuple_GET_ITEM(entry, 4), PyTuple_GET_ITEM(entry, 0),
                                  before);
    if (found == NULL || PyUnicode_GET_LENGTH(found) > 0)
        return found;
    Py_DECREF(found);
    return Py_NewRef(word);
}

static PyObject *cell_word(PyObject *module, PyObject *args)
{
    PyObject *low, *text, *delimiter, *by_header;
    Py_ssize_t m_lo, m_hi, start, window;
    (void)module;
    if (!PyArg_ParseTuple(args, "UUnnnUO!n", &low, &text, &m_lo, &m_hi, &start, &delimiter,
                          &PyList_Type, &by_header, &window))
        return NULL;
    return cell_word_core(low, text, m_lo, m_hi, start, delimiter, by_header, window);
}

/* The last two steps of Detector._context, on the keyword the window gave (a reference it
 * takes over): a label inside the match (text[m_lo:start], a string of its own: "密码=...")
 * unless the match sits in noise, then the negative words of the window (and header):
 * None when one silences the match. NULL with an error set. */
static PyObject *context_end(PyObject *keyword, PyObject *low, PyObject *text, Py_ssize_t lo,
                             Py_ssize_t m_lo, Py_ssize_t m_hi, Py_ssize_t hi,
                             PyObject *header_low, PyObject *header, PyObject *keywords,
                             PyObject *negatives, Py_ssize_t start, int noisy, int weak)
{
    if (keyword == NULL)
        return NULL;
    if (PyTuple_GET_SIZE(keywords) && PyUnicode_GET_LENGTH(keyword) == 0 && start > m_lo &&
        !noisy) {
        Segment label = {low, text, m_lo, start, 1};
        Py_DECREF(keyword);
        keyword = first_in(&label, 1, keywords);
        if (keyword == NULL)
            return NULL;
    }
    if ((weak || PyUnicode_GET_LENGTH(keyword) == 0) && PyTuple_GET_SIZE(negatives)) {
        PyObject *negative = window_core(low, text, lo, m_lo, m_hi, hi, header_low, header,
                                         negatives);
        if (negative == NULL) {
            Py_DECREF(keyword);
            return NULL;
        }
        const int silenced = PyUnicode_GET_LENGTH(negative) > 0;
        Py_DECREF(negative);
        if (silenced) {
            Py_DECREF(keyword);
            Py_RETURN_NONE;
        }
    }
    return keyword;
}

/* context_word(low, text, window, keywords, negatives, m_lo, m_hi, start, noisy, weak):
 * Detector._context for a value outside a table, in a text whose lower() kept its offsets:
 * the first keyword standing in the window around the match (or in its own label,
 * text[m_lo:start], unless the match sits in noise), "" if none, None when a negative word
 * in the window silences the match (always for a weak value, else only without a keyword). */
static PyObject *context_word_core(PyObject *low, PyObject *text, Py_ssize_t window,
                                   PyObject *keywords, PyObject *negatives, Py_ssize_t m_lo,
                                   Py_ssize_t m_hi, Py_ssize_t start, int noisy, int weak)
{
    const Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    if (PyUnicode_GET_LENGTH(low) != n) {
        PyErr_SetString(PyExc_ValueError, "low must be as long as text");
        return NULL;
    }
    /* text[m_lo:start] as Python slices it: a start before m_lo is no label at all */
    m_lo = m_lo < 0 ? 0 : m_lo > n ? n : m_lo;
    start = start < m_lo ? m_lo : start > n ? n : start;
    Py_ssize_t lo, hi;
    window_span(text, window, m_lo, m_hi, 0, &lo, &hi);
    PyObject *keyword = PyTuple_GET_SIZE(keywords) == 0
                            ? PyUnicode_New(0, 0)
                            : window_core(low, text, lo, m_lo, m_hi, hi, Py_None, Py_None,
                                          keywords);
    return context_end(keyword, low, text, lo, m_lo, m_hi, hi, Py_None, Py_None, keywords,
                       negatives, start, noisy, weak);
}

static PyObject *context_word(PyObject *module, PyObject *args)
{
    PyObject *low, *text, *keywords, *negatives;
    Py_ssize_t m_lo, m_hi, start, window;
    int noisy, weak;
    (void)module;
    if (!PyArg_ParseTuple(args, "UUnO!O!nnnpp", &low, &text, &window, &PyTuple_Type, &keywords,
                          &PyTuple_Type, &negatives, &m_lo, &m_hi, &start, &noisy, &weak))
        return NULL;
    return context_word_core(low, text, window, keywords, negatives, m_lo, m_hi, start, noisy,
                             weak);
}

/* table_context(low, text, delimiter, by_header, window, keywords, negatives, m_lo, m_hi,
 * start, noisy, weak): Detector._context for a value in a table (by_header as for
 * cell_word), in a text whose lower() kept its offsets; NotImplemented when the value's
 * column header does not keep them (then Python decides). */
static PyObject *table_context_core(PyObject *low, PyObject *text, PyObject *delimiter,
                                    PyObject *by_header, Py_ssize_t window, PyObject *keywords,
                                    PyObject *negatives, Py_ssize_t m_lo, Py_ssize_t m_hi,
                                    Py_ssize_t start, int noisy, int weak)
{
    const Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    if (PyUnicode_GET_LENGTH(low) != n || PyUnicode_GET_LENGTH(delimiter) != 1) {
        PyErr_SetString(PyExc_ValueError, "low as long as text, one delimiter character");
        return NULL;
    }
    m_lo = m_lo < 0 ? 0 : m_lo > n ? n : m_lo;
    start = start < m_lo ? m_lo : start > n ? n : start;
    const Py_ssize_t col = column_of(text, start, PyUnicode_READ_CHAR(delimiter, 0));
    PyObject *header, *header_low, *word, *before;
    if (col < PyList_GET_SIZE(by_header)) {
        PyObject *entry = PyList_GET_ITEM(by_header, col);
        if (!PyTuple_Check(entry) || PyTuple_GET_SIZE(entry) != 5 ||
            !PyUnicode_Check(PyTuple_GET_ITEM(entry, 0)) ||
            !PyUnicode_Check(PyTuple_GET_ITEM(entry, 1)) ||
            !PyTuple_Check(PyTuple_GET_ITEM(entry, 2)) ||
            !PyUnicode_Check(PyTuple_GET_ITEM(entry, 4))) {
            PyErr_SetString(PyExc_TypeError, "by_header holds (str, str, tuple, _, str)");
            return NULL;
        }
        header = PyTuple_GET_ITEM(entry, 0);
        word = PyTuple_GET_ITEM(entry, 1);
        before = PyTuple_GET_ITEM(entry, 2);
        header_low = PyTuple_GET_ITEM(entry, 4);
        if (PyUnicode_GET_LENGTH(header) != PyUnicode_GET_LENGTH(header_low))
            Py_RETURN_NOTIMPLEMENTED;
    } else { /* beyond the header's columns: an empty header, no keyword of its own */
        header = header_low = word = Py_None;
        before = keywords;
    }
    PyObject *empty = PyUnicode_New(0, 0);
    if (empty == NULL)
        return NULL;
    if (header == Py_None)
        header = header_low = word = empty;
    Py_ssize_t lo, hi;
    window_span(text, window, m_lo, m_hi, 1, &lo, &hi);
    PyObject *keyword;
    if (PyTuple_GET_SIZE(keywords) == 0)
        keyword = Py_NewRef(empty);
    else if (PyUnicode_GET_LENGTH(word) > 0 && PyTuple_GET_SIZE(before) == 0)
        keyword = Py_NewRef(word);
    else {
        keyword = window_core(low, text, lo, m_lo, m_hi, hi, header_low, header,
                              PyUnicode_GET_LENGTH(word) > 0 ? before : keywords);
        if (keyword != NULL && PyUnicode_GET_LENGTH(keyword) == 0 &&
            PyUnicode_GET_LENGTH(word) > 0) {
            Py_DECREF(keyword);
            keyword = Py_NewRef(word);
        }
    }
    keyword = context_end(keyword, low, text, lo, m_lo, m_hi, hi, header_low, header, keywords,
                          negatives, start, noisy, weak);
    Py_DECREF(empty);
    return keyword;
}


static PyObject *table_context(PyObject *module, PyObject *args)
{
    PyObject *low, *text, *delimiter, *by_header, *keywords, *negatives;
    Py_ssize_t m_lo, m_hi, start, window;
    int noisy, weak;
    (void)module;
    if (!PyArg_ParseTuple(args, "UUUO!nO!O!nnnpp", &low, &text, &delimiter, &PyList_Type,
                          &by_header, &window, &PyTuple_Type, &keywords, &PyTuple_Type,
                          &negatives, &m_lo, &m_hi, &start, &noisy, &weak))
        return NULL;
    return table_context_core(low, text, delimiter, by_header, window, keywords, negatives,
                              m_lo, m_hi, start, noisy, weak);
}

/* --- Detector._run_rule's candidate loop ----------------------------------------------- */

/* A noise check's arguments (text, start, end), with the text's storage read once. */
typedef struct {
    int kind;
    const void *data;
    Py_ssize_t n, start, end;
} NoiseArgs;

static int noise_url_at(const NoiseArgs *a);
static int noise_numbers_at(const NoiseArgs *a);
static PyObject *noise_url(PyObject *module, PyObject *const *args, Py_ssize_t nargs);
static PyObject *noise_numbers(PyObject *module, PyObject *const *args, Py_ssize_t nargs);

static PyObject *SPAN, *SPAN_ATTR, *CHECKED, *EXACT, *BOOST, *SEVERITY, *DETAIL, *ZERO;
#define _PyLong_GetZero_compat() ZERO

/* The start of CPython's re.Match object (Modules/_sre/sre.h, the same from 3.7 to 3.13): a
 * group's span is read from `mark` instead of calling span(), which builds a tuple of two new
 * ints per candidate. `sre_layout()` checks the layout on real matches before it is trusted;
 * any other object (or a layout that differs) goes through span(). */
typedef struct {
    PyObject_VAR_HEAD
    PyObject *string;
    PyObject *regs;
    PyObject *pattern;
    Py_ssize_t pos, endpos;
    Py_ssize_t lastindex;
    Py_ssize_t groups;  /* the pattern's groups + 1 */
    Py_ssize_t mark[1]; /* start and end of group 0, 1, ...; -1 for a group that took no part */
} SreMatch;

static PyTypeObject *SRE_MATCH;  /* re.Match once its layout is known to be SreMatch's */
static int sre_checked;

/* Whether re.Match is laid out as SreMatch: spans read from it agree with span() on matches
 * that take part in their groups or not. Asked once; a failure only means "call span()". */
static void sre_layout(void)
{
    if (sre_checked)
        return;
    sre_checked = 1;
    PyObject *re = PyImport_ImportModule("re");
    PyObject *rx = re ? PyObject_CallMethod(re, "compile", "s", "a(b)(x)?c|(d)") : NULL;
    static const char *const samples[] = {"zzabc", "d", "xxabxc"};
    int ok = rx != NULL;
    PyTypeObject *type = NULL;
    for (int k = 0; ok && k < 3; k++) {
        PyObject *m = PyObject_CallMethod(rx, "search", "s", samples[k]);
        if (m == NULL || m == Py_None) {
            Py_XDECREF(m);
            ok = 0;
            break;
        }
        type = Py_TYPE(m);
        const SreMatch *sm = (const SreMatch *)m;
        ok = sm->groups == 4 && Py_SIZE(m) >= 2 * sm->groups;
        for (Py_ssize_t g = 0; ok && g < 4; g++) {
            PyObject *span = PyObject_CallMethod(m, "span", "n", g);
            ok = span != NULL && PyTuple_Check(span) && PyTuple_GET_SIZE(span) == 2 &&
                 PyLong_AsSsize_t(PyTuple_GET_ITEM(span, 0)) == sm->mark[2 * g] &&
                 PyLong_AsSsize_t(PyTuple_GET_ITEM(span, 1)) == sm->mark[2 * g + 1];
            Py_XDECREF(span);
        }
        Py_DECREF(m);
    }
    Py_XDECREF(rx);
    Py_XDECREF(re);
    PyErr_Clear();
    if (ok && type != NULL)
        SRE_MATCH = type;
}

/* The span (two ints) a match method gives: m.span(group). -1 on error. */
static int span_of(PyObject *m, PyObject *group, Py_ssize_t *lo, Py_ssize_t *hi)
{
    if (SRE_MATCH != NULL && Py_IS_TYPE(m, SRE_MATCH)) {
        const SreMatch *sm = (const SreMatch *)m;
        Py_ssize_t g = 0;
        if (group != NULL) {
            g = PyLong_Check(group) ? PyLong_AsSsize_t(group) : -1;
            if (g == -1 && PyErr_Occurred())
                PyErr_Clear();
        }
        if (g >= 0 && g < sm->groups) {
            *lo = sm->mark[2 * g];
            *hi = sm->mark[2 * g + 1];
            return 0;
        }
    }
    PyObject *span = group ? PyObject_CallMethodOneArg(m, SPAN, group)
                           : PyObject_CallMethodNoArgs(m, SPAN);
    if (span == NULL)
        return -1;
    if (!PyTuple_Check(span) || PyTuple_GET_SIZE(span) != 2) {
        Py_DECREF(span);
        PyErr_SetString(PyExc_TypeError, "span() must give two numbers");
        return -1;
    }
    *lo = PyLong_AsSsize_t(PyTuple_GET_ITEM(span, 0));
    *hi = PyLong_AsSsize_t(PyTuple_GET_ITEM(span, 1));
    Py_DECREF(span);
    return PyErr_Occurred() ? -1 : 0;
}

/* One candidate m: Detector._run_rule's loop body, step for step. Appends a Match to out
 * (or nothing). -1 on error. */
#define MATCH_FIELDS 8
#define MAX_NOISE 8
static const char *const MATCH_NAMES[MATCH_FIELDS] = {
    "rule", "start", "end", "value", "confidence", "severity", "keyword", "detail"};

typedef struct {
    PyObject *text, *group, *validator, *memo, *noise, *cell, *cell_args, *context;
    PyObject *py_context, *rule, *severity, *match_cls, *no_detail;
    int needs_context, require_context;
    /* `context` as functools.partial(context_word | table_context, *bound): its bound
     * arguments, read once per rule, so that each candidate calls the C code directly (the
     * partial's call builds an argument tuple that is parsed again: a tenth of the loop).
     * ctx_kind 0: call `context`; 1: context_word; 2: table_context. */
    int ctx_kind;
    PyObject *c_low, *c_text, *c_delimiter, *c_by_header, *c_keywords, *c_negatives;
    Py_ssize_t c_window;
    /* `cell` is cell_word and cell_args parse as its (low, delimiter, by_header, window):
     * called directly, with these */
    int cell_direct;
    PyObject *k_low, *k_delimiter, *k_by_header;
    Py_ssize_t k_window;
    /* Folding (detect.Folding): after `quota` matches starting from `held_from` to before
     * `held_until`, the others there are counted here (no Match made): how many, the highest confidence and severity,
     * the first one (a Match, to start the rule's fold), their values' hashes in `distinct`.
     * quota -1: none is counted, all are returned. */
    Py_ssize_t quota, held_from, held_until, listed, over_count;
    PyObject *distinct, *over_severity, *over_first;
    /* for a rule whose birth dates are checked for minors: the last birth date (ISO) of an
     * adult; a match with a later one is returned, whatever the quota (detect._adult) */
    PyObject *adult_until;
    int v_adult; /* the last verdict's match can make no minor's finding */
    double over_confidence;
    /* Per noise check: 1 noise_url, 2 noise_numbers (called directly), 0 called as given. */
    int noise_kind[MAX_NOISE];
    /* The last verdict's fields (a reference is kept, so that its identity stays its own):
     * validators hand out a few shared verdicts (OK, one per card brand), and reading five
     * attributes per candidate was a twentieth of the loop. */
    PyObject *v_last, *v_severity, *v_detail;
    int v_checked, v_spanned, v_exact;
    Py_ssize_t v_lo, v_hi;
    double v_boost;
    double conf[4];  /* valid + context, valid, context, pattern */
    PyObject *conf_obj[4];  /* the same, as the floats the caller gave (borrowed; or NULL) */
    /* The byte offsets of Match's slots (MATCH_NAMES order): a Match is made by setting
     * them, as its dataclass __init__ does (it only sets them); -1: call the class. */
    Py_ssize_t slots[MATCH_FIELDS];
} Loop;

/* Loop.slots for match_cls, a class with __slots__ (writable object slots) of those names. */
static void match_slots(PyObject *cls, Py_ssize_t *slots)
{
    for (int k = 0; k < MATCH_FIELDS; k++)
        slots[k] = -1;
    if (!PyType_Check(cls))
        return;
    PyTypeObject *type = (PyTypeObject *)cls;
    for (int k = 0; k < MATCH_FIELDS; k++) {
        for (PyMemberDef *m = type->tp_members; m != NULL && m->name != NULL; m++) {
            if (m->type == T_OBJECT_EX && !(m->flags & READONLY) &&
                strcmp(m->name, MATCH_NAMES[k]) == 0) {
                slots[k] = m->offset;
                break;
            }
        }
        if (slots[k] < 0) {
            slots[0] = -1;
            return;
        }
    }
}

static PyObject *new_match(Loop *L, PyObject *const *values)
{
    if (L->slots[0] < 0)
        return PyObject_Vectorcall(L->match_cls, values, MATCH_FIELDS, NULL);
    PyTypeObject *type = (PyTypeObject *)L->match_cls;
    PyObject *match = type->tp_alloc(type, 0);
    if (match == NULL)
        return NULL;
    for (int k = 0; k < MATCH_FIELDS; k++)
        *(PyObject **)((char *)match + L->slots[k]) = Py_NewRef(values[k]);
    /* A Match refers to its rule, strings, numbers and a shared detail dict, never to anything
     * that refers back: it can be in no cycle, so the cycle collector need not walk the
     * hundreds of thousands a dense export makes (the tuples holding them then drop out of
     * its lists too). */
    if (PyObject_IS_GC(match))
        PyObject_GC_UnTrack(match);
    return match;
}

static PyObject *call5(PyObject *fn, Py_ssize_t a, Py_ssize_t b, Py_ssize_t c, int d, int e)
{
    PyObject *args[5] = {PyLong_FromSsize_t(a), PyLong_FromSsize_t(b), PyLong_FromSsize_t(c),
                         d ? Py_True : Py_False, e ? Py_True : Py_False};
    PyObject *out = NULL;
    if (args[0] && args[1] && args[2])
        out = PyObject_Vectorcall(fn, args, 5, NULL);
    Py_XDECREF(args[0]);
    Py_XDECREF(args[1]);
    Py_XDECREF(args[2]);
    return out;
}

static PyObject *BIRTH_DATE, *TEST_DATA, *GET;

/* detail.get(key): a new reference, Py_None when missing; NULL on error. */
static PyObject *detail_get(PyObject *detail, PyObject *key)
{
    if (PyDict_Check(detail)) {
        PyObject *v = PyDict_GetItemWithError(detail, key);
        if (v == NULL)
            return PyErr_Occurred() ? NULL : Py_NewRef(Py_None);
        return Py_NewRef(v);
    }
    return PyObject_CallMethodOneArg(detail, GET, key);
}

/* detect._adult(detail, adult_until): 1 when a match with this detail can make no minor's
 * finding (no birth date, test data, a well-formed birth date on or before adult_until), 0
 * when it may, -1 on error. */
static int is_adult(PyObject *detail, PyObject *adult_until)
{
    PyObject *birth = detail_get(detail, BIRTH_DATE);
    if (birth == NULL)
        return -1;
    int truth = PyObject_IsTrue(birth);
    int adult = 1;
    if (truth < 0) {
        adult = -1;
    } else if (truth) {
        PyObject *test = detail_get(detail, TEST_DATA);
        if (test == NULL) {
            adult = -1;
        } else if (PyUnicode_Check(test) && PyUnicode_CompareWithASCIIString(test, "yes") == 0) {
            adult = 1;
        } else if (!PyUnicode_Check(birth) || PyUnicode_GET_LENGTH(birth) != 10 ||
                   PyUnicode_READ_CHAR(birth, 4) != '-' ||
                   PyUnicode_READ_CHAR(birth, 7) != '-') {
            adult = 0;
        } else {
            const int c = PyUnicode_Compare(birth, adult_until);
            adult = c == -1 && PyErr_Occurred() ? -1 : c <= 0;
        }
        Py_XDECREF(test);
    }
    Py_DECREF(birth);
    return adult;
}

/* L's copy of a verdict's fields (checked, exact, span, boost, severity, detail). -1 on
 * error. */
static int read_verdict(Loop *L, PyObject *verdict)
{
    PyObject *attr = PyObject_GetAttr(verdict, CHECKED);
    const int checked = attr ? PyObject_IsTrue(attr) : -1;
    Py_XDECREF(attr);
    if (checked < 0)
        return -1;
    attr = PyObject_GetAttr(verdict, EXACT);
    const int exact = attr ? PyObject_IsTrue(attr) : -1;
    Py_XDECREF(attr);
    if (exact < 0)
        return -1;
    PyObject *span = PyObject_GetAttr(verdict, SPAN_ATTR);
    if (span == NULL)
        return -1;
    Py_ssize_t lo = 0, hi = 0;
    const int spanned = span != Py_None;
    if (spanned) {
        if (!PyTuple_Check(span) || PyTuple_GET_SIZE(span) != 2) {
            Py_DECREF(span);
            PyErr_SetString(PyExc_TypeError, "a verdict's span is two numbers");
            return -1;
        }
        lo = PyLong_AsSsize_t(PyTuple_GET_ITEM(span, 0));
        hi = PyLong_AsSsize_t(PyTuple_GET_ITEM(span, 1));
    }
    Py_DECREF(span);
    if (PyErr_Occurred())
        return -1;
    PyObject *b = PyObject_GetAttr(verdict, BOOST);
    if (b == NULL)
        return -1;
    const double boost = PyFloat_AsDouble(b);
    Py_DECREF(b);
    if (boost == -1.0 && PyErr_Occurred())
        return -1;
    PyObject *severity = PyObject_GetAttr(verdict, SEVERITY);
    if (severity == NULL)
        return -1;
    PyObject *detail = PyObject_GetAttr(verdict, DETAIL);
    if (detail == NULL) {
        Py_DECREF(severity);
        return -1;
    }
    const int adult = L->adult_until == NULL ? 1 : is_adult(detail, L->adult_until);
    if (adult < 0) {
        Py_DECREF(severity);
        Py_DECREF(detail);
        return -1;
    }
    L->v_adult = adult;
    Py_XSETREF(L->v_last, Py_NewRef(verdict));
    Py_XSETREF(L->v_severity, severity);
    Py_XSETREF(L->v_detail, detail);
    L->v_checked = checked;
    L->v_exact = exact;
    L->v_spanned = spanned;
    L->v_lo = lo;
    L->v_hi = hi;
    L->v_boost = boost;
    return 0;
}

/* (whole: m.span() when the caller has it, else {-1, -1}) */
static int candidate(Loop *L, PyObject *m, PyObject *out, const Py_ssize_t whole[2])
{
    Py_ssize_t start, end;
    if (L->group == NULL && whole[0] >= 0) {
        start = whole[0];
        end = whole[1];
    } else if (span_of(m, L->group, &start, &end) < 0) {
        return -1;
    }
    if (start < 0)
        return 0;
    PyObject *value = PyUnicode_Substring(L->text, start, end);
    if (value == NULL)
        return -1;
    PyObject *verdict = NULL;
    PyObject *keyword = NULL, *match = NULL, *severity = L->severity, *detail = L->no_detail;
    int checked = 0, status = -1;
    double boost = 0.0;
    if (L->validator != Py_None) {
        verdict = L->memo == Py_None ? NULL : PyDict_GetItemWithError(L->memo, value);
        if (verdict == NULL) {
            if (PyErr_Occurred())
                goto done;
            PyObject *fresh = PyObject_CallOneArg(L->validator, value);
            if (fresh == NULL)
                goto done;
            if (L->memo == Py_None) {  /* a validator asked every time */
                verdict = fresh;
            } else {
                int r = PyDict_SetItem(L->memo, value, fresh);
                Py_DECREF(fresh);  /* the memo holds it */
                if (r < 0)
                    goto done;
                verdict = fresh;
                Py_INCREF(verdict);
            }
        } else {
            Py_INCREF(verdict);  /* ours until done: Python code runs below (noise, context) */
        }
        if (verdict == Py_None) {
            status = 0;
            goto done;
        }
        if (verdict != L->v_last && read_verdict(L, verdict) < 0)
            goto done;
        checked = L->v_checked;
        if (L->v_spanned) {
            /* value[lo_v:hi_v], with Python's slice rules */
            PyObject *narrowed = PySequence_GetSlice(value, L->v_lo, L->v_hi);
            if (narrowed == NULL)
                goto done;
            Py_SETREF(value, narrowed);
            end = start + L->v_hi;
            start = start + L->v_lo;
        }
    }
    int noisy = 0;
    /* a value known exactly (a published test card) is never taken for noise */
    Py_ssize_t n_noise = verdict != NULL && L->v_exact ? 0 : PyTuple_GET_SIZE(L->noise);
    for (Py_ssize_t k = 0; k < n_noise && !noisy; k++) {
        const int direct = k < MAX_NOISE ? L->noise_kind[k] : 0;
        if (direct) {
            const NoiseArgs a = {PyUnicode_KIND(L->text), PyUnicode_DATA(L->text),
                                 PyUnicode_GET_LENGTH(L->text), start, end};
            if (start < 0 || end < start || end > a.n) {
                PyErr_SetString(PyExc_ValueError, "start and end must lie within the text");
                goto done;
            }
            noisy = direct == 1 ? noise_url_at(&a) : noise_numbers_at(&a);
            continue;
        }
        PyObject *args[3] = {L->text, PyLong_FromSsize_t(start), PyLong_FromSsize_t(end)};
        PyObject *r = (args[1] && args[2]) ? PyObject_Vectorcall(
            PyTuple_GET_ITEM(L->noise, k), args, 3, NULL) : NULL;
        Py_XDECREF(args[1]);
        Py_XDECREF(args[2]);
        if (r == NULL)
            goto done;
        noisy = PyObject_IsTrue(r);
        Py_DECREF(r);
        if (noisy < 0)
            goto done;
    }
    int weak_verdict = verdict != NULL && !checked;
    if (L->needs_context) {
        int weak = noisy || weak_verdict;
        Py_ssize_t m_lo = whole[0], m_hi = whole[1];
        if (m_lo < 0 && span_of(m, NULL, &m_lo, &m_hi) < 0)
            goto done;
        PyObject *near = NULL;
        if (L->cell_direct && !weak) {
            near = cell_word_core(L->k_low, L->text, m_lo, m_hi, start, L->k_delimiter,
                                  L->k_by_header, L->k_window);
            if (near == NULL)
                goto done;
        } else if (L->cell != Py_None && !weak) {
            /* cell(low, text, m_lo, m_hi, start, delimiter, by_header, window) */
            PyObject *a[8] = {PyTuple_GET_ITEM(L->cell_args, 0), L->text,
                              PyLong_FromSsize_t(m_lo), PyLong_FromSsize_t(m_hi),
                              PyLong_FromSsize_t(start), PyTuple_GET_ITEM(L->cell_args, 1),
                              PyTuple_GET_ITEM(L->cell_args, 2),
                              PyTuple_GET_ITEM(L->cell_args, 3)};
            if (a[2] && a[3] && a[4])
                near = PyObject_Vectorcall(L->cell, a, 8, NULL);
            Py_XDECREF(a[2]);
            Py_XDECREF(a[3]);
            Py_XDECREF(a[4]);
            if (near == NULL)
                goto done;
        }
        int empty = near == NULL ? 1 : PyObject_Not(near);
        if (empty < 0) {
            Py_DECREF(near);
            goto done;
        }
        if (empty) {
            Py_XDECREF(near);
            if (L->ctx_kind == 2)
                near = table_context_core(L->c_low, L->c_text, L->c_delimiter, L->c_by_header,
                                          L->c_window, L->c_keywords, L->c_negatives, m_lo,
                                          m_hi, start, noisy, weak);
            else if (L->ctx_kind == 1)
                near = context_word_core(L->c_low, L->c_text, L->c_window, L->c_keywords,
                                         L->c_negatives, m_lo, m_hi, start, noisy, weak);
            else
                near = call5(L->context, m_lo, m_hi, start, noisy, weak);
            if (near == Py_NotImplemented) {
                Py_DECREF(near);
                near = call5(L->py_context, m_lo, m_hi, start, noisy, weak);
            }
            if (near == NULL)
                goto done;
            if (near == Py_None) {  /* a negative word silenced it */
                Py_DECREF(near);
                status = 0;
                goto done;
            }
        }
        keyword = near;
    } else {
        keyword = PyUnicode_FromStringAndSize("", 0);
        if (keyword == NULL)
            goto done;
    }
    int has_keyword = PyObject_IsTrue(keyword);
    if (has_keyword < 0)
        goto done;
    if (!has_keyword && (noisy || L->require_context || weak_verdict)) {
        status = 0;
        goto done;
    }
    double conf = checked ? (has_keyword ? L->conf[0] : L->conf[1])
                          : (has_keyword ? L->conf[2] : L->conf[3]);
    if (verdict != NULL) {
        boost = L->v_boost;
        conf = conf + boost;
        if (!(conf < 0.99))  /* min(0.99, conf + boost) */
            conf = 0.99;
        if (L->v_severity != Py_None)
            severity = L->v_severity;  /* (L keeps both alive) */
        detail = L->v_detail;
    }
    const int counted = L->quota >= 0 && start >= L->held_from && start < L->held_until;
    /* past the quota, and no child's (whose matches _minors must see) */
    const int over = counted && L->listed >= L->quota &&
                     (L->adult_until == NULL || verdict == NULL || L->v_adult);
    if (over && L->over_first != NULL) {
        /* past the file's limit for this rule: counted into its fold, no Match made */
        L->over_count++;
        if (conf > L->over_confidence)
            L->over_confidence = conf;
        if (severity != L->over_severity) {
            const int higher = PyObject_RichCompareBool(severity, L->over_severity, Py_GT);
            if (higher < 0)
                goto done;
            if (higher)
                Py_SETREF(L->over_severity, Py_NewRef(severity));
        }
        const Py_hash_t h = PyObject_Hash(value);
        if (h == -1)
            goto done;
        PyObject *hv = PyLong_FromSsize_t(h);
        if (hv == NULL || PySet_Add(L->distinct, hv) < 0) {
            Py_XDECREF(hv);
            goto done;
        }
        Py_DECREF(hv);
        status = 0;
        goto done;
    }
    PyObject *pos_start = PyLong_FromSsize_t(start), *pos_end = PyLong_FromSsize_t(end);
    PyObject *confidence = NULL;  /* one of the four tiers' floats when it is one (most are) */
    for (int k = 0; k < 4 && confidence == NULL; k++)
        if (conf == L->conf[k] && L->conf_obj[k] != NULL)
            confidence = Py_NewRef(L->conf_obj[k]);
    if (confidence == NULL)
        confidence = PyFloat_FromDouble(conf);
    if (pos_start && pos_end && confidence) {
        PyObject *a[8] = {L->rule, pos_start, pos_end, value, confidence, severity, keyword,
                          detail};
        match = new_match(L, a);
    }
    Py_XDECREF(pos_start);
    Py_XDECREF(pos_end);
    Py_XDECREF(confidence);
    if (match == NULL)
        goto done;
    if (over) {
        /* the first match past the limit: it starts the fold, and is counted like the rest */
        L->over_first = Py_NewRef(match);
        L->over_count = 1;
        L->over_confidence = conf;
        L->over_severity = Py_NewRef(severity);
        const Py_hash_t h = PyObject_Hash(value);
        PyObject *hv = h == -1 ? NULL : PyLong_FromSsize_t(h);
        status = hv == NULL || PySet_Add(L->distinct, hv) < 0 ? -1 : 0;
        Py_XDECREF(hv);
        goto done;
    }
    if (counted && L->listed < L->quota)
        L->listed++;
    status = PyList_Append(out, match);
done:
    Py_XDECREF(match);
    Py_XDECREF(keyword);
    Py_XDECREF(verdict);
    Py_DECREF(value);
    return status;
}

static PyObject *PARTIAL;  /* functools.partial */

/* L->ctx_kind and the bound arguments when L->context is a partial of context_word or
 * table_context whose arguments parse as that function's first ones; else ctx_kind 0 (the
 * partial is called, and reports whatever is wrong with its arguments itself). */
static void bind_context(Loop *L)
{
    L->ctx_kind = 0;
    if (PARTIAL == NULL || !PyObject_TypeCheck(L->context, (PyTypeObject *)PARTIAL))
        return;
    PyObject *func = PyObject_GetAttrString(L->context, "func");
    PyObject *bound = PyObject_GetAttrString(L->context, "args");
    PyObject *kw = PyObject_GetAttrString(L->context, "keywords");
    if (func != NULL && bound != NULL && kw != NULL && PyCFunction_Check(func) &&
        PyTuple_Check(bound) && PyDict_Check(kw) && PyDict_GET_SIZE(kw) == 0) {
        PyCFunction c = PyCFunction_GET_FUNCTION(func);
        /* (the partial, which the caller holds, keeps the bound arguments alive) */
        if (c == (PyCFunction)table_context &&
            PyArg_ParseTuple(bound, "UUUO!nO!O!", &L->c_low, &L->c_text, &L->c_delimiter,
                             &PyList_Type, &L->c_by_header, &L->c_window, &PyTuple_Type,
                             &L->c_keywords, &PyTuple_Type, &L->c_negatives))
            L->ctx_kind = 2;
        else if (c == (PyCFunction)context_word &&
                 PyArg_ParseTuple(bound, "UUnO!O!", &L->c_low, &L->c_text, &L->c_window,
                                  &PyTuple_Type, &L->c_keywords, &PyTuple_Type,
                                  &L->c_negatives))
            L->ctx_kind = 1;
    }
    Py_XDECREF(func);
    Py_XDECREF(bound);
    Py_XDECREF(kw);
    PyErr_Clear();
}

/* run_rule(spans, finditer, group, text, validator, memo, noise, needs_context, cell,
 *          cell_args, context, py_context, require_context, rule, severity, match_cls,
 *          no_detail, confs[, search[, min_width[, over]]]) -> [Match]: Detector._run_rule's loop
 * (its Python twin, which the tests compare it with). memo None: the validator is asked every time.
 * search (the regex's, for one that never matches empty): each window's matches found by
 * search calls instead of a finditer scanner (the same matches, less set-up per window);
 * min_width (the fewest characters a match takes): a rest of a window shorter than that is
 * not searched. over ([quota, held_from, held_until, distinct, adult_until] or None): the
 * matches past the quota are counted, not returned (Detector._run_rule's `over`,
 * detect.Folding). */
static PyObject *run_rule(PyObject *self, PyObject *args)
{
    (void)self;
    PyObject *spans, *finditer, *group, *confs, *search = Py_None, *over = Py_None;
    Py_ssize_t min_width = 0;
    Loop L;
    if (!PyArg_ParseTuple(args, "OOOUOOO!pOO!OOpOOOOO!|OnO", &spans, &finditer, &group, &L.text,
                          &L.validator, &L.memo, &PyTuple_Type, &L.noise,
                          &L.needs_context, &L.cell, &PyTuple_Type, &L.cell_args, &L.context,
                          &L.py_context, &L.require_context, &L.rule, &L.severity,
                          &L.match_cls, &L.no_detail, &PyTuple_Type, &confs, &search,
                          &min_width, &over))
        return NULL;
    L.quota = -1;
    L.held_from = L.held_until = L.listed = L.over_count = 0;
    L.distinct = L.over_severity = L.over_first = NULL;
    L.over_confidence = 0.0;
    L.adult_until = NULL;
    L.v_adult = 1;
    if (over != Py_None) {
        if (!PyList_Check(over) || PyList_GET_SIZE(over) != 5 ||
            !PySet_Check(PyList_GET_ITEM(over, 3)) ||
            (PyList_GET_ITEM(over, 4) != Py_None && !PyUnicode_Check(PyList_GET_ITEM(over, 4)))) {
            PyErr_SetString(PyExc_TypeError, "over: [quota, held_from, held_until, distinct (a "
                            "set), adult_until (str or None)]");
            return NULL;
        }
        if (PyList_GET_ITEM(over, 4) != Py_None)
            L.adult_until = PyList_GET_ITEM(over, 4);
        L.quota = PyLong_AsSsize_t(PyList_GET_ITEM(over, 0));
        L.held_from = PyLong_AsSsize_t(PyList_GET_ITEM(over, 1));
        L.held_until = PyLong_AsSsize_t(PyList_GET_ITEM(over, 2));
        if (PyErr_Occurred())
            return NULL;
        if (L.quota < 0) {
            PyErr_SetString(PyExc_ValueError, "over: a quota of 0 or more");
            return NULL;
        }
        L.distinct = PyList_GET_ITEM(over, 3);
    }
    if (L.memo != Py_None && !PyDict_Check(L.memo)) {
        PyErr_SetString(PyExc_TypeError, "memo: a dict, or None (ask the validator every time)");
        return NULL;
    }
    if (PyTuple_GET_SIZE(confs) != 4 || (L.cell != Py_None && PyTuple_GET_SIZE(L.cell_args) != 4)) {
        PyErr_SetString(PyExc_ValueError, "four confidences; cell_args: low, delimiter, "
                        "by_header, window");
        return NULL;
    }
    for (int k = 0; k < 4; k++) {
        PyObject *c = PyTuple_GET_ITEM(confs, k);
        L.conf_obj[k] = PyFloat_CheckExact(c) ? c : NULL;
        L.conf[k] = PyFloat_AsDouble(PyTuple_GET_ITEM(confs, k));
        if (L.conf[k] == -1.0 && PyErr_Occurred())
            return NULL;
    }
    match_slots(L.match_cls, L.slots);
    bind_context(&L);
    L.cell_direct = L.cell != Py_None && PyCFunction_Check(L.cell) &&
                    PyCFunction_GET_FUNCTION(L.cell) == (PyCFunction)cell_word &&
                    PyArg_ParseTuple(L.cell_args, "UUO!n", &L.k_low, &L.k_delimiter,
                                     &PyList_Type, &L.k_by_header, &L.k_window) &&
                    PyUnicode_GET_LENGTH(L.k_delimiter) == 1;
    PyErr_Clear();  /* (arguments that do not parse: cell is called, and says so itself) */
    L.v_last = L.v_severity = L.v_detail = NULL;
    for (Py_ssize_t k = 0; k < MAX_NOISE; k++) {
        PyObject *check = k < PyTuple_GET_SIZE(L.noise) ? PyTuple_GET_ITEM(L.noise, k) : NULL;
        PyCFunction c = check != NULL && PyCFunction_Check(check)
                            ? PyCFunction_GET_FUNCTION(check) : NULL;
        L.noise_kind[k] = c == (PyCFunction)(void (*)(void))noise_url       ? 1
                          : c == (PyCFunction)(void (*)(void))noise_numbers ? 2
                                                                            : 0;
    }
    sre_layout();
    L.group = NULL;
    int zero = PyObject_RichCompareBool(group, _PyLong_GetZero_compat(), Py_EQ);
    if (zero < 0)
        return NULL;
    if (!zero)
        L.group = group;
    PyObject *seq = PySequence_Fast(spans, "spans must be a sequence");
    if (seq == NULL)
        return NULL;
    PyObject *out = PyList_New(0);
    if (out == NULL) {
        Py_DECREF(seq);
        return NULL;
    }
    Py_ssize_t n = PySequence_Fast_GET_SIZE(seq);
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *span = PySequence_Fast_GET_ITEM(seq, i);
        PyObject *pair = PySequence_Fast(span, "a span is two numbers");
        if (pair == NULL)
            goto fail;
        if (PySequence_Fast_GET_SIZE(pair) != 2) {
            Py_DECREF(pair);
            PyErr_SetString(PyExc_ValueError, "a span is two numbers");
            goto fail;
        }
        PyObject *a[3] = {L.text, PySequence_Fast_GET_ITEM(pair, 0),
                          PySequence_Fast_GET_ITEM(pair, 1)};
        if (search != Py_None) {
            /* The regex never matches empty: finditer's matches are search's from the window's
             * start, then each from the previous match's end (with no scanner object each). */
            Py_INCREF(a[1]);
            Py_INCREF(a[2]);
            Py_DECREF(pair);
            int bad = 0;
            /* (the window's end as search reads it: a number past the text is the text's end) */
            Py_ssize_t w_hi = min_width > 0 ? PyLong_AsSsize_t(a[2]) : 0;
            if (w_hi == -1 && PyErr_Occurred())
                PyErr_Clear(), w_hi = PY_SSIZE_T_MAX, min_width = 0;
            for (;;) {
                if (min_width > 0) {
                    const Py_ssize_t pos = PyLong_AsSsize_t(a[1]);
                    const Py_ssize_t n_text = PyUnicode_GET_LENGTH(L.text);
                    const Py_ssize_t end_at = w_hi < n_text ? w_hi : n_text;
                    if (pos == -1 && PyErr_Occurred())
                        PyErr_Clear();  /* (search itself says what is wrong with it) */
                    else if (pos >= 0 && end_at - pos < min_width)
                        break;  /* too short for a match: what search would find (nothing) */
                }
                PyObject *m = PyObject_Vectorcall(search, a, 3, NULL);
                if (m == NULL) {
                    bad = 1;
                    break;
                }
                if (m == Py_None) {
                    Py_DECREF(m);
                    break;
                }
                Py_ssize_t m_lo, m_hi;
                int r = span_of(m, NULL, &m_lo, &m_hi);
                if (r == 0 && m_hi <= m_lo) {
                    PyErr_SetString(PyExc_ValueError, "an empty match: search needs a regex "
                                    "that never matches empty");
                    r = -1;
                }
                if (r == 0) {
                    const Py_ssize_t whole[2] = {m_lo, m_hi};
                    r = candidate(&L, m, out, whole);
                }
                Py_DECREF(m);
                PyObject *next = r == 0 ? PyLong_FromSsize_t(m_hi) : NULL;
                if (next == NULL) {
                    bad = 1;
                    break;
                }
                Py_SETREF(a[1], next);
            }
            Py_DECREF(a[1]);
            Py_DECREF(a[2]);
            if (bad)
                goto fail;
            continue;
        }
        PyObject *it = PyObject_Vectorcall(finditer, a, 3, NULL);
        Py_DECREF(pair);
        if (it == NULL)
            goto fail;
        PyObject *m;
        while ((m = PyIter_Next(it)) != NULL) {
            static const Py_ssize_t unknown[2] = {-1, -1};
            int r = candidate(&L, m, out, unknown);
            Py_DECREF(m);
            if (r < 0) {
                Py_DECREF(it);
                goto fail;
            }
        }
        Py_DECREF(it);
        if (PyErr_Occurred())
            goto fail;
    }
    Py_DECREF(seq);
    if (over != Py_None) {
        /* [quota, held_from, held_until, distinct, adult_until] + [count, confidence,
         * severity, first] */
        PyObject *c = PyLong_FromSsize_t(L.over_count);
        PyObject *f = PyFloat_FromDouble(L.over_confidence);
        int bad = c == NULL || f == NULL || PyList_Append(over, c) < 0 ||
                  PyList_Append(over, f) < 0 ||
                  PyList_Append(over, L.over_severity ? L.over_severity : Py_None) < 0 ||
                  PyList_Append(over, L.over_first ? L.over_first : Py_None) < 0;
        Py_XDECREF(c);
        Py_XDECREF(f);
        if (bad) {
            Py_INCREF(seq);  /* (released again below) */
            goto fail;
        }
    }
    Py_XDECREF(L.v_last);
    Py_XDECREF(L.v_severity);
    Py_XDECREF(L.v_detail);
    Py_XDECREF(L.over_severity);
    Py_XDECREF(L.over_first);
    return out;
fail:
    Py_DECREF(seq);
    Py_DECREF(out);
    Py_XDECREF(L.v_last);
    Py_XDECREF(L.v_severity);
    Py_XDECREF(L.v_detail);
    Py_XDECREF(L.over_severity);
    Py_XDECREF(L.over_first);
    return NULL;
}


/* --- noise checks (validators/noise.py's noise_url and noise_numbers, step for step) ---
 *
 * A card or phone candidate asks both for each of its values (a fifth of the Python time of
 * the card rule on exports). Offsets are characters; `text` is read with PyUnicode_READ. */

static int noise_args(PyObject *const *args, Py_ssize_t nargs, NoiseArgs *a)
{
    if (nargs != 3 || !PyUnicode_Check(args[0])) {
        PyErr_SetString(PyExc_TypeError, "expected (text, start, end)");
        return -1;
    }
    a->start = PyLong_AsSsize_t(args[1]);
    if (a->start == -1 && PyErr_Occurred())
        return -1;
    a->end = PyLong_AsSsize_t(args[2]);
    if (a->end == -1 && PyErr_Occurred())
        return -1;
    a->kind = PyUnicode_KIND(args[0]);
    a->data = PyUnicode_DATA(args[0]);
    a->n = PyUnicode_GET_LENGTH(args[0]);
    if (a->start < 0 || a->end < a->start || a->end > a->n) {
        PyErr_SetString(PyExc_ValueError, "start and end must lie within the text");
        return -1;
    }
    return 0;
}

static int is_token_stop(Py_UCS4 c)
{
    switch (c) {
    case ' ': case '\t': case '\r': case '\n': case '"': case '\'': case '<': case '>':
    case '(': case ')': case '[': case ']': case '{': case '}': case ',': case ';': case '|':
    case '`':
        return 1;
    default:
        return 0;
    }
}

static int noise_url_at(const NoiseArgs *a)
{
    const int kind = a->kind;
    const void *data = a->data;
    const Py_ssize_t n = a->n, start = a->start, end = a->end;
    Py_UCS4 before = 0;
    int has_before = start > 0;
    if (has_before) {
        before = PyUnicode_READ(kind, data, start - 1);
        if (before == '/' || before == '#' || before == '\\' || before == '%' || before == '&' ||
            before == '?')
            return 1;
    }
    if (end < n) {
        Py_UCS4 after = PyUnicode_READ(kind, data, end);
        if (after == '/' || after == '\\' || after == '%')
            return 1;
    }
    if (start > 1 && PyUnicode_READ(kind, data, start - 2) == '0' &&
        (before == 'x' || before == 'X'))
        return 1;
    if (!has_before || is_token_stop(before))
        return 0;
    /* the token before the value: after the last stop character of the 200 before it */
    Py_ssize_t lo = start - 200 > 0 ? start - 200 : 0;
    Py_ssize_t t = start;
    while (t > lo && !is_token_stop(PyUnicode_READ(kind, data, t - 1)))
        t--;
    if (start - t >= 4 && PyUnicode_READ(kind, data, t) == 'w' &&
        PyUnicode_READ(kind, data, t + 1) == 'w' && PyUnicode_READ(kind, data, t + 2) == 'w' &&
        PyUnicode_READ(kind, data, t + 3) == '.')
        return 1;
    for (Py_ssize_t i = t; i + 3 <= start; i++) {
        if (PyUnicode_READ(kind, data, i) == ':' && PyUnicode_READ(kind, data, i + 1) == '/' &&
            PyUnicode_READ(kind, data, i + 2) == '/')
            return 1;
    }
    return 0;
}

static PyObject *noise_url(PyObject *Py_UNUSED(module), PyObject *const *args, Py_ssize_t nargs)
{
    NoiseArgs a;
    if (noise_args(args, nargs, &a) < 0)
        return NULL;
    return PyBool_FromLong(noise_url_at(&a));
}

static int ascii_digit(Py_UCS4 c) { return c >= '0' && c <= '9'; }

static int hex_char(Py_UCS4 c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/* noise._table_run: a run of eight or more ASCII digits within [lo, hi) that is not a PRC
 * mobile (11 digits, 1[3-9]...), a resident ID (18 digits, or 17 and X) or an IBAN's digits
 * (after two capital letters) */
static int digit_run(int kind, const void *data, Py_ssize_t lo, Py_ssize_t hi)
{
    Py_ssize_t i = lo;
    while (i < hi) {
        if (!ascii_digit(PyUnicode_READ(kind, data, i))) {
            i++;
            continue;
        }
        Py_ssize_t a = i;
        while (i < hi && ascii_digit(PyUnicode_READ(kind, data, i)))
            i++;
        Py_ssize_t n = i - a;
        if (n < 8)
            continue;
        if (n == 11 && PyUnicode_READ(kind, data, a) == '1') {
            Py_UCS4 c = PyUnicode_READ(kind, data, a + 1);
            if (c >= '3' && c <= '9')
                continue;
        }
        if (n == 18)
            continue;
        if (n == 17 && i < hi) {
            Py_UCS4 c = PyUnicode_READ(kind, data, i);
            if (c == 'X' || c == 'x')
                continue;
        }
        if (a - lo >= 2) {
            Py_UCS4 c1 = PyUnicode_READ(kind, data, a - 2), c2 = PyUnicode_READ(kind, data, a - 1);
            if (c1 >= 'A' && c1 <= 'Z' && c2 >= 'A' && c2 <= 'Z')
                continue;
        }
        return 1;
    }
    return 0;
}

/* noise._hex_group: the token one space or tab away from `pos` (direction `step`) is a
 * group of 4+ hex digits holding a digit, not part of a word; -1 on error */
static int hex_group(int kind, const void *data, Py_ssize_t n, Py_ssize_t pos, int step)
{
    Py_ssize_t j, k, after;
    if (step < 0) {
        k = pos - 1;
        if (k < 0 || k >= n)
            return 0;
        Py_UCS4 c = PyUnicode_READ(kind, data, k);
        if (c != ' ' && c != '\t')
            return 0;
        j = k;
        while (j > 0 && hex_char(PyUnicode_READ(kind, data, j - 1)))
            j--;
        after = j - 1;
    } else {
        k = pos;
        if (k < 0 || k >= n)
            return 0;
        Py_UCS4 c = PyUnicode_READ(kind, data, k);
        if (c != ' ' && c != '\t')
            return 0;
        j = k + 1;
        k = j;
        while (k < n && hex_char(PyUnicode_READ(kind, data, k)))
            k++;
        after = k < n ? k : -1;
    }
    if (after >= 0) {
        Py_UCS4 c = PyUnicode_READ(kind, data, after);
        if (Py_UNICODE_ISALNUM(c) || c == '_')
            return 0;
    }
    if (k - j < 4)
        return 0;
    int digits = 0;
    for (Py_ssize_t i = j; i < k; i++) {
        if (ascii_digit(PyUnicode_READ(kind, data, i)))
            digits++;
    }
    if (k - j >= 8 && digits == k - j)
        return 0;  /* a long digit run: digit_run judges it (a mobile beside a card) */
    return digits > 0;
}

/* noise._CODE_POINT within [lo, hi): "U+", "<U", "\\u" or "\\U" and four hex digits */
static int code_point(int kind, const void *data, Py_ssize_t lo, Py_ssize_t hi)
{
    for (Py_ssize_t i = lo; i + 6 <= hi; i++) {
        Py_UCS4 c = PyUnicode_READ(kind, data, i);
        if (c != 'U' && c != '<' && c != '\\')
            continue;
        Py_UCS4 d = PyUnicode_READ(kind, data, i + 1);
        if (!((c == 'U' && d == '+') || (c == '<' && d == 'U') ||
              (c == '\\' && (d == 'u' || d == 'U'))))
            continue;
        if (hex_char(PyUnicode_READ(kind, data, i + 2)) &&
            hex_char(PyUnicode_READ(kind, data, i + 3)) &&
            hex_char(PyUnicode_READ(kind, data, i + 4)) &&
            hex_char(PyUnicode_READ(kind, data, i + 5)))
            return 1;
    }
    return 0;
}

static int blank(Py_UCS4 c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

/* noise._number_beside: a bare number one space before or after [start, end) */
static int number_beside(int kind, const void *data, Py_ssize_t n, Py_ssize_t start,
                         Py_ssize_t end)
{
    Py_ssize_t k = start - 1;
    if (k >= 0 && PyUnicode_READ(kind, data, k) == ' ') {
        Py_ssize_t j = k;
        while (j > 0 && ascii_digit(PyUnicode_READ(kind, data, j - 1)))
            j--;
        if (j < k && (j == 0 || blank(PyUnicode_READ(kind, data, j - 1))))
            return 1;
    }
    if (end < n && PyUnicode_READ(kind, data, end) == ' ') {
        Py_ssize_t j = end + 1;
        while (j < n && ascii_digit(PyUnicode_READ(kind, data, j)))
            j++;
        if (j > end + 1 && (j == n || blank(PyUnicode_READ(kind, data, j))))
            return 1;
    }
    return 0;
}

static int noise_numbers_at(const NoiseArgs *a)
{
    const int kind = a->kind;
    const void *data = a->data;
    const Py_ssize_t n = a->n, start = a->start, end = a->end;
    /* the decimals of a number (noise._BEFORE_POINT before the point) */
    if (start > 0 && PyUnicode_READ(kind, data, start - 1) == '.') {
        if (start == 1)
            return 1;
        Py_UCS4 b = PyUnicode_READ(kind, data, start - 2);
        if (ascii_digit(b) || (b < 128 && strchr(" \t\r\n-+([{,=:;", (int)b) != NULL && b != 0))
            return 1;
    }
    /* the value's own line, cut 240 characters either side of it */
    Py_ssize_t lo = start - 240 > 0 ? start - 240 : 0;
    for (Py_ssize_t i = start - 1; i >= lo; i--) {
        if (PyUnicode_READ(kind, data, i) == '\n') {
            lo = i + 1;
            break;
        }
    }
    Py_ssize_t cap = end + 240 < n ? end + 240 : n;
    Py_ssize_t hi = cap;
    for (Py_ssize_t i = end; i < cap; i++) {
        if (PyUnicode_READ(kind, data, i) == '\n') {
            hi = i;
            break;
        }
    }
    if (digit_run(kind, data, lo, start) || digit_run(kind, data, end, hi))
        return 1;
    if (start > 0 && hex_group(kind, data, n, start, -1))
        return 1;
    if (end < n && hex_group(kind, data, n, end, 1))
        return 1;
    if (code_point(kind, data, lo, hi))
        return 1;
    for (Py_ssize_t i = start; i < end; i++) {
        if (PyUnicode_READ(kind, data, i) == ' ')
            return number_beside(kind, data, n, start, end);
    }
    return 0;
}

static PyObject *noise_numbers(PyObject *Py_UNUSED(module), PyObject *const *args,
                               Py_ssize_t nargs)
{
    NoiseArgs a;
    if (noise_args(args, nargs, &a) < 0)
        return NULL;
    return PyBool_FromLong(noise_numbers_at(&a));
}

/* any_in(text, bits) -> whether a character of text is in the set `bits` holds: 8192 bytes,
 * a bit per code point of the Basic Multilingual Plane (none above it is in the set). The
 * full-width test of every non-ASCII text (widths.needs_fold): a loop over the characters
 * instead of a regex's character class. */
static PyObject *any_in(PyObject *Py_UNUSED(module), PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs != 2 || !PyUnicode_Check(args[0]) || !PyBytes_Check(args[1]) ||
        PyBytes_GET_SIZE(args[1]) != 8192) {
        PyErr_SetString(PyExc_TypeError, "any_in(text, bits): a str and 8192 bytes");
        return NULL;
    }
    const unsigned char *bits = (const unsigned char *)PyBytes_AS_STRING(args[1]);
    const Py_ssize_t n = PyUnicode_GET_LENGTH(args[0]);
    const void *data = PyUnicode_DATA(args[0]);
#define IN_SET(c) ((bits[(c) >> 3] >> ((c) & 7)) & 1)
    switch (PyUnicode_KIND(args[0])) {
    case PyUnicode_1BYTE_KIND: {
        const Py_UCS1 *p = data;
        for (Py_ssize_t i = 0; i < n; i++)
            if (IN_SET(p[i]))
                Py_RETURN_TRUE;
        break;
    }
    case PyUnicode_2BYTE_KIND: {
        const Py_UCS2 *p = data;
        for (Py_ssize_t i = 0; i < n; i++)
            if (IN_SET(p[i]))
                Py_RETURN_TRUE;
        break;
    }
    default: {
        const Py_UCS4 *p = data;
        for (Py_ssize_t i = 0; i < n; i++)
            if (p[i] <= 0xFFFF && IN_SET(p[i]))
                Py_RETURN_TRUE;
        break;
    }
    }
#undef IN_SET
    Py_RETURN_FALSE;
}

static PyMethodDef module_methods[] = {
    {"any_in", (PyCFunction)(void (*)(void))any_in, METH_FASTCALL,
     "any_in(text, bits) -> whether a character of text is one of the set (8192 bytes, a bit "
     "per code point below U+10000)"},
    {"noise_url", (PyCFunction)(void (*)(void))noise_url, METH_FASTCALL,
     "noise_url(text, start, end) -> validators.noise.noise_url"},
    {"noise_numbers", (PyCFunction)(void (*)(void))noise_numbers, METH_FASTCALL,
     "noise_numbers(text, start, end) -> validators.noise.noise_numbers"},
    {"first_word", first_word, METH_VARARGS,
     "first_word(low, raw, words) -> the first keyword standing as a word, or \"\""},
    {"cell_word", cell_word, METH_VARARGS,
     "cell_word(low, text, m_lo, m_hi, start, delimiter, by_header, window) -> the keyword "
     "of a table cell under a keyword header (detect._cell_keyword)"},
    {"context_word", context_word, METH_VARARGS,
     "context_word(low, text, window, keywords, negatives, m_lo, m_hi, start, noisy, weak) "
     "-> Detector._context outside a table"},
    {"table_context", table_context, METH_VARARGS,
     "table_context(low, text, delimiter, by_header, window, keywords, negatives, m_lo, m_hi, "
     "start, noisy, weak) -> Detector._context in a table, or NotImplemented"},
    {"run_rule", run_rule, METH_VARARGS,
     "run_rule(spans, finditer, group, text, validator, memo, noise, needs_context, cell, "
     "cell_args, context, py_context, require_context, rule, severity, match_cls, no_detail, "
     "confs[, search[, min_width]]) -> Detector._run_rule's matches"},
    {"window_word", window_word, METH_VARARGS,
     "window_word(low, text, lo, m_lo, m_hi, hi, header_low, header, words) -> first_word "
     "over the window text[lo:m_lo] + ' ' + text[m_hi:hi] (+ ' ' + header)"},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef hits_module = {
    PyModuleDef_HEAD_INIT,
    .m_name = "_hits",
    .m_doc = "Hyperscan hits collected and merged into windows in C (optional speed-up).",
    .m_size = -1,
    .m_methods = module_methods,
};

PyMODINIT_FUNC PyInit__hits(void)
{
    if (PyType_Ready(&HitsType) < 0)
        return NULL;
    SPAN = PyUnicode_InternFromString("span");
    SPAN_ATTR = SPAN;
    CHECKED = PyUnicode_InternFromString("checked");
    EXACT = PyUnicode_InternFromString("exact");
    BOOST = PyUnicode_InternFromString("boost");
    SEVERITY = PyUnicode_InternFromString("severity");
    DETAIL = PyUnicode_InternFromString("detail");
    ZERO = PyLong_FromLong(0);
    BIRTH_DATE = PyUnicode_InternFromString("birth_date");
    TEST_DATA = PyUnicode_InternFromString("test_data");
    GET = PyUnicode_InternFromString("get");
    if (!SPAN || !CHECKED || !EXACT || !BOOST || !SEVERITY || !DETAIL || !ZERO || !BIRTH_DATE ||
        !TEST_DATA || !GET)
        return NULL;
    PyObject *functools = PyImport_ImportModule("functools");
    PARTIAL = functools ? PyObject_GetAttrString(functools, "partial") : NULL;
    Py_XDECREF(functools);
    if (PARTIAL == NULL)
        PyErr_Clear();  /* (then every context is called as it is given) */
    PyObject *m = PyModule_Create(&hits_module);
    if (m == NULL)
        return NULL;
    Py_INCREF(&HitsType);
    if (PyModule_AddObject(m, "Hits", (PyObject *)&HitsType) < 0) {
        Py_DECREF(&HitsType);
        Py_DECREF(m);
        return NULL;
    }
    return m;
}

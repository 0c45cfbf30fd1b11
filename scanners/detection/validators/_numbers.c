/* The digit-string validators that run most often, at C speed.
 *
 * A dense export holds a card-shaped or ID-shaped number on nearly every line: on the 20 MB
 * dense benchmark the card check alone runs 146,000 times (4.2 us each in Python) and the
 * resident-ID check 87,000 times (3.1 us). These are those validators, step for step, for
 * values of ASCII characters (every value their patterns take from ASCII text); anything
 * else, and the rare answers that build a verdict of their own (a published test card, a
 * UnionPay number failing Luhn, an 18-digit card number that is a valid resident ID), go to
 * the Python validator they twin, which stays the reference (tests/unit/test_numbers_ext.py
 * compares both on generated values) and runs alone where this module was not built.
 *
 *   setup(config: dict) -> None       the tables and twins (validators/native.py)
 *   payment_card(value) -> Verdict | None      financial.payment_card
 *   cn_ric(value) -> Verdict | None            identity.cn_ric
 *   us_ssn(value) -> Verdict | None            identity.us_ssn
 *   imei(value) -> Verdict | None              basic.imei
 *
 * For ASCII text, `digits_of(value)` is the value's digits in order, whatever else it holds
 * (common.digits_of: its three ways agree there), which is what `digits` below collects.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* --- what setup() gives ------------------------------------------------------------- */

enum { VISA, MASTERCARD, MAESTRO, AMEX, JCB, DINERS, DISCOVER, UNIONPAY, BUILTIN_BRANDS };

#define MAX_BINS 64
#define MAX_BRANDS 32
#define MAX_TEST_CARDS 256
#define N_FIELDS 6  /* a Verdict's fields (FIELDS) */

#define MAX_GROUPINGS 16
#define MAX_PARTS 5
#define MAX_SSN_INVALID 16
#define MAX_RIC_EXAMPLES 16

/* Ways of writing a number in groups: each a count of groups and their lengths. */
typedef struct {
    int n;
    int parts[MAX_GROUPINGS];
    int lens[MAX_GROUPINGS][MAX_PARTS];
} Groupings;

typedef struct {
    char prefix[20];
    int len, brand, lo, hi;
} Bin;

static struct {
    int ready;
    PyObject *twin_card, *twin_ric, *twin_ssn, *twin_imei;  /* the Python validators */
    PyObject *ok, *weak;                                     /* common.OK, common.WEAK */
    PyObject *verdict_type;                                  /* common.Verdict */
    PyObject *descr[N_FIELDS];     /* its fields' member descriptors, in FIELD order */
    PyObject *card_verdicts[MAX_BRANDS][2];   /* per brand: (checked, unchecked) */
    int n_brands;
    Bin bins[MAX_BINS];
    int n_bins;
    char test_cards[MAX_TEST_CARDS][20];   /* NUL-padded, in memcmp order: bsearch */
    int n_test_cards;
    int ric_weights[17];
    char ric_check[12];
    int uscc_weights[17];
    char uscc_chars[32];
    Groupings card_groups, ric_groups;   /* financial._CARD_GROUPS, identity._RIC_GROUPS */
    char ssn_invalid[MAX_SSN_INVALID][10];
    int n_ssn_invalid;
    char ric_examples[MAX_RIC_EXAMPLES][19];  /* published_examples_of("cn_ric") */
    int n_ric_examples;
    PyObject *test_data;                      /* common.TEST_DATA */
    unsigned char province[100];  /* province[n]: the two digits n are a province code */
    PyObject *s_birth_date, *s_sex, *s_male, *s_female, *boost_province, *boost_none;
} C;

static const char *const FIELDS[N_FIELDS] = {"checked", "severity", "detail", "boost", "span",
                                             "exact"};
enum { F_CHECKED, F_SEVERITY, F_DETAIL, F_BOOST, F_SPAN };

/* --- small helpers ---------------------------------------------------------------------- */

static PyObject *twin(PyObject *fn, PyObject *value)
{
    return PyObject_CallOneArg(fn, value);
}

/* The ASCII digits of s[0:n] into out (at most cap of them kept); their count. */
static Py_ssize_t digits(const char *s, Py_ssize_t n, char *out, Py_ssize_t cap)
{
    Py_ssize_t k = 0;
    for (Py_ssize_t i = 0; i < n; i++) {
        if (s[i] >= '0' && s[i] <= '9') {
            if (k < cap)
                out[k] = s[i];
            k++;
        }
    }
    return k;
}

static int distinct(const char *d, int n)
{
    int seen = 0, count = 0;
    for (int i = 0; i < n; i++) {
        int bit = 1 << (d[i] - '0');
        if (!(seen & bit)) {
            seen |= bit;
            count++;
        }
    }
    return count;
}

static int number(const char *d, int n)
{
    int v = 0;
    for (int i = 0; i < n; i++)
        v = v * 10 + (d[i] - '0');
    return v;
}

static int luhn(const char *d, int n)
{
    static const int doubled[10] = {0, 2, 4, 6, 8, 1, 3, 5, 7, 9};
    int total = 0, twice = 0;
    for (int i = n - 1; i >= 0; i--) {
        int v = d[i] - '0';
        total += twice ? doubled[v] : v;
        twice = !twice;
    }
    return total % 10 == 0;
}

/* common.patterned for ASCII digits: six equal digits in a row, or six counting up or down
 * by one (no digit follows 9 or precedes 0). */
static int patterned(const char *d, int n)
{
    int run = 1, up = 1, down = 1;
    for (int k = 1; k < n; k++) {
        int a = d[k - 1], b = d[k];
        run = a == b ? run + 1 : 1;
        up = b == a + 1 ? up + 1 : 1;
        down = b == a - 1 ? down + 1 : 1;
        if (run >= 6 || up >= 6 || down >= 6)
            return 1;
    }
    return 0;
}

/* The lengths of s's parts split at sep (str.split(sep)) into lens; their count, or -1 if
 * there are more than max. */
static int split_lengths(const char *s, Py_ssize_t n, char sep, int *lens, int max)
{
    int parts = 0;
    Py_ssize_t start = 0;
    for (Py_ssize_t i = 0; i <= n; i++) {
        if (i == n || s[i] == sep) {
            if (parts == max)
                return -1;
            lens[parts++] = (int)(i - start);
            start = i + 1;
        }
    }
    return parts;
}

/* lens[0:parts] is one of the groupings g. */
static int grouping(const Groupings *g, int parts, const int *lens)
{
    for (int k = 0; k < g->n; k++) {
        if (g->parts[k] != parts)
            continue;
        int same = 1;
        for (int i = 0; i < parts && same; i++)
            same = g->lens[k][i] == lens[i];
        if (same)
            return 1;
    }
    return 0;
}

static int has(const char *s, Py_ssize_t n, char c)
{
    return memchr(s, c, (size_t)n) != NULL;
}

/* A Verdict made as its dataclass __init__ makes one (which only sets its slots). */
static PyObject *new_verdict(int checked, PyObject *detail, PyObject *boost)
{
    PyTypeObject *type = (PyTypeObject *)C.verdict_type;
    PyObject *v = type->tp_alloc(type, 0);
    if (v == NULL)
        return NULL;
    PyObject *values[N_FIELDS] = {checked ? Py_True : Py_False, Py_None, detail, boost, Py_None,
                                  Py_False};
    for (int k = 0; k < N_FIELDS; k++) {
        descrsetfunc set = Py_TYPE(C.descr[k])->tp_descr_set;
        if (set(C.descr[k], v, values[k]) < 0) {
            Py_DECREF(v);
            return NULL;
        }
    }
    return v;
}

static int ready(void)
{
    if (!C.ready)
        PyErr_SetString(PyExc_RuntimeError, "_numbers.setup() has not run");
    return C.ready;
}

/* A validator's way in: 1 with the value's characters when it is ASCII text, 0 when the
 * Python twin must answer, -1 (an exception set) before setup(). */
static int ascii_value(PyObject *value, const char **s, Py_ssize_t *len)
{
    if (!ready())
        return -1;
    if (!PyUnicode_Check(value) || !PyUnicode_IS_ASCII(value))
        return 0;
    *s = (const char *)PyUnicode_DATA(value);
    *len = PyUnicode_GET_LENGTH(value);
    return 1;
}

/* The start of each validator below: ASCII text in s[0:len], else its twin's answer. */
#define ASCII_OR_TWIN(value, twin_fn)                     \
    const char *s;                                        \
    Py_ssize_t len;                                       \
    switch (ascii_value(value, &s, &len)) {               \
    case -1:                                              \
        return NULL;                                      \
    case 0:                                               \
        return twin(twin_fn, value);                      \
    default:                                              \
        break;                                            \
    }

/* --- payment cards (financial.payment_card) -------------------------------------------- */

static int card_grouping_ok(const char *s, Py_ssize_t n)
{
    int space = has(s, n, ' ');
    if (space && has(s, n, '-'))
        return 0;
    int lens[MAX_PARTS];
    int parts = split_lengths(s, n, space ? ' ' : '-', lens, MAX_PARTS);
    if (parts < 0)
        return 0;
    return grouping(&C.card_groups, parts, lens);
}

/* financial.card_brand: a brand index, or -1. */
static int card_brand(const char *d, int n)
{
    for (int b = 0; b < C.n_bins; b++) {
        const Bin *bin = &C.bins[b];
        if (bin->len <= n && memcmp(d, bin->prefix, (size_t)bin->len) == 0) {
            if (bin->lo <= n && n <= bin->hi)
                return bin->brand;
            break;  /* a co-branded range of another length: the brand rules decide */
        }
    }
    char c0 = d[0];
    if (c0 == '4')
        return (n == 13 || n == 16 || n == 19) ? VISA : -1;
    int p2 = number(d, 2);
    if (c0 == '5') {
        if (51 <= p2 && p2 <= 55)
            return n == 16 ? MASTERCARD : -1;
        return ((p2 == 50 || p2 == 56 || p2 == 57 || p2 == 58) && 12 <= n && n <= 19)
            ? MAESTRO : -1;
    }
    if (c0 == '2') {
        int p4 = number(d, 4);
        return (n == 16 && 2221 <= p4 && p4 <= 2720) ? MASTERCARD : -1;
    }
    if (c0 == '3') {
        if (p2 == 34 || p2 == 37)
            return n == 15 ? AMEX : -1;
        int p4 = number(d, 4), p3 = number(d, 3);
        if (3528 <= p4 && p4 <= 3589)
            return (16 <= n && n <= 19) ? JCB : -1;
        if ((( 300 <= p3 && p3 <= 305) || p2 == 36 || p2 == 38 || p2 == 39 || p4 == 3095)
            && 14 <= n && n <= 19)
            return DINERS;
        return -1;
    }
    if (c0 == '6') {
        if (p2 == 62) {
            int p6 = number(d, 6);
            if (622126 <= p6 && p6 <= 622925 && n == 16 && luhn(d, n))
                return DISCOVER;
            return (16 <= n && n <= 19) ? UNIONPAY : -1;
        }
        int p4 = number(d, 4), p3 = number(d, 3);
        if ((p4 == 6011 || p2 == 65 || (644 <= p3 && p3 <= 649)) && 16 <= n && n <= 19)
            return DISCOVER;
        if ((p2 == 60 || p2 == 63 || p2 == 67) && 12 <= n && n <= 19)
            return MAESTRO;
        return -1;
    }
    return -1;
}

static int card_key_cmp(const void *a, const void *b)
{
    return memcmp(a, b, 20);
}

/* Whether the n digits d are a published test card: a binary search (every card candidate
   asks, and a scan of the 119 cards cost about as much as the card's own checks). */
static int is_test_card(const char *d, int n)
{
    char key[20] = {0};
    memcpy(key, d, (size_t)n);  /* n <= 19: the rest stays NUL, as in the table */
    return bsearch(key, C.test_cards, (size_t)C.n_test_cards, 20, card_key_cmp) != NULL;
}

static int ric_checksum_ok(const char *v);

static PyObject *payment_card(PyObject *self, PyObject *value)
{
    (void)self;
    ASCII_OR_TWIN(value, C.twin_card)
    char d[20];
    Py_ssize_t nd = digits(s, len, d, 19);
    if (nd < 13 || nd > 19)
        Py_RETURN_NONE;
    int n = (int)nd;
    if (nd != len && !card_grouping_ok(s, len))
        Py_RETURN_NONE;
    int brand = card_brand(d, n);
    if (brand < 0)
        Py_RETURN_NONE;
    if (is_test_card(d, n))
        return twin(C.twin_card, value);  /* its own verdict: test data, low severity */
    if (distinct(d, n) < 3)
        Py_RETURN_NONE;
    if (len == 18 && n == 18 && ric_checksum_ok(d))
        return twin(C.twin_card, value);  /* a resident ID if its birth date is real */
    if (luhn(d, n)) {
        /* (13-digit Visa cards have not been issued for decades: a phone number written
         * as digits, +4915173902649, passes as one; keyword only) */
        int unchecked = brand == MAESTRO || patterned(d, n) || (brand == VISA && n == 13);
        return Py_NewRef(C.card_verdicts[brand][unchecked]);
    }
    if (brand == UNIONPAY)
        return twin(C.twin_card, value);  /* kept for a keyword: a verdict of its own */
    Py_RETURN_NONE;
}

/* --- PRC resident ID (identity.cn_ric) --------------------------------------------------- */

/* GB 11643's check character of the 18 upper-case ASCII characters v (the first 17 digits). */
static int ric_checksum_ok(const char *v)
{
    int total = 0;
    for (int i = 0; i < 17; i++) {
        if (v[i] < '0' || v[i] > '9')
            return 0;
        total += (v[i] - '0') * C.ric_weights[i];
    }
    return C.ric_check[total % 11] == v[17];
}

/* identity._ungrouped: the 18 characters of an ID written plain or in one of _RIC_GROUPS
 * (one kind of separator), into v; 0 if it is neither. */
static int ungrouped(const char *s, Py_ssize_t n, char *v)
{
    if (n == 18) {
        memcpy(v, s, 18);
        return 1;
    }
    static const char seps[2] = {' ', '-'};
    for (int k = 0; k < 2; k++) {
        int lens[MAX_PARTS];
        int parts = split_lengths(s, n, seps[k], lens, MAX_PARTS);
        if (parts <= 1)
            continue;
        if (grouping(&C.ric_groups, parts, lens)) {
            if (n - (parts - 1) != 18)
                return 0;  /* (the groupings add up to 18 characters) */
            int j = 0;
            for (Py_ssize_t i = 0; i < n; i++)
                if (s[i] != seps[k])
                    v[j++] = s[i];
            return 1;
        }
    }
    return 0;
}

/* common.real_date(y, m, d) is not None, with today's local date (date.today()). */
static int real_date(int y, int m, int d)
{
    static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (!(1 <= m && m <= 12 && 1 <= d && d <= 31) || y < 1900)
        return 0;
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    if (d > days[m - 1] + (m == 2 && leap))
        return 0;
    time_t now = time(NULL);
    struct tm today;
    if (localtime_r(&now, &today) == NULL)
        return 1;  /* (no clock: the Python twin would fail the same way; keep the date) */
    int ty = today.tm_year + 1900, tm = today.tm_mon + 1, td = today.tm_mday;
    return y < ty || (y == ty && (m < tm || (m == tm && d <= td)));
}

static int uscc_ok(const char *v)
{
    int total = 0;
    for (int i = 0; i < 17; i++) {
        const char *at = strchr(C.uscc_chars, v[i]);
        if (v[i] == '\0' || at == NULL)
            return 0;
        total += (int)(at - C.uscc_chars) * C.uscc_weights[i];
    }
    return C.uscc_chars[(31 - total % 31) % 31] == v[17];
}

static PyObject *cn_ric(PyObject *self, PyObject *value)
{
    (void)self;
    ASCII_OR_TWIN(value, C.twin_ric)
    char v[19];
    if (!ungrouped(s, len, v))
        Py_RETURN_NONE;
    v[18] = '\0';
    for (int i = 0; i < 18; i++)
        if (v[i] >= 'a' && v[i] <= 'z')
            v[i] = (char)(v[i] - 'a' + 'A');
    if (!ric_checksum_ok(v))
        Py_RETURN_NONE;
    int y = number(v + 6, 4), m = number(v + 10, 2), d = number(v + 12, 2);
    if (!real_date(y, m, d))
        Py_RETURN_NONE;
    for (int k = 0; k < C.n_ric_examples; k++)
        if (memcmp(v, C.ric_examples[k], 18) == 0)
            return Py_NewRef(C.test_data);  /* a published example: test data */
    char iso[11] = {v[6], v[7], v[8], v[9], '-', v[10], v[11], '-', v[12], v[13], '\0'};
    PyObject *detail = PyDict_New();
    if (detail == NULL)
        return NULL;
    PyObject *born = PyUnicode_FromStringAndSize(iso, 10);
    if (born == NULL || PyDict_SetItem(detail, C.s_birth_date, born) < 0 ||
        PyDict_SetItem(detail, C.s_sex, (v[16] - '0') % 2 ? C.s_male : C.s_female) < 0) {
        Py_XDECREF(born);
        Py_DECREF(detail);
        return NULL;
    }
    Py_DECREF(born);
    int region = number(v, 2);
    PyObject *verdict;
    if (strchr("123456789ANY", v[0]) && strchr("123459", v[1]) &&
        C.province[number(v + 2, 2)] && uscc_ok(v))
        /* also a valid organisation credit code (GB 32100): only with an ID keyword */
        verdict = new_verdict(0, detail, C.boost_none);
    else
        verdict = new_verdict(1, detail, C.province[region] ? C.boost_province : C.boost_none);
    Py_DECREF(detail);
    return verdict;
}

/* --- US SSN (identity.us_ssn), IMEI (basic.imei) -------------------------------------------- */

static int one_digit(const char *d, int n)
{
    for (int i = 1; i < n; i++)
        if (d[i] != d[0])
            return 0;
    return 1;
}

static PyObject *us_ssn(PyObject *self, PyObject *value)
{
    (void)self;
    ASCII_OR_TWIN(value, C.twin_ssn)
    char d[10];
    if (digits(s, len, d, 9) != 9)
        Py_RETURN_NONE;
    if (memcmp(d, "000", 3) == 0 || memcmp(d, "666", 3) == 0 || d[0] == '9' ||
        memcmp(d + 3, "00", 2) == 0 || memcmp(d + 5, "0000", 4) == 0)
        Py_RETURN_NONE;
    for (int k = 0; k < C.n_ssn_invalid; k++)
        if (memcmp(d, C.ssn_invalid[k], 9) == 0)
            Py_RETURN_NONE;
    /* 111-22-3333, 999-99-9999: documentation placeholders (every group one digit) */
    if (one_digit(d, 3) && one_digit(d + 3, 2) && one_digit(d + 5, 4))
        Py_RETURN_NONE;
    /* 123-45-6789 and its siblings (123-45-9999): the counting placeholder */
    if (memcmp(d, "12345", 5) == 0)
        Py_RETURN_NONE;
    if (len == 11 && s[3] == '-' && s[6] == '-')
        return Py_NewRef(C.ok);
    return Py_NewRef(C.weak);  /* bare or space-separated digits: only with a keyword */
}

static PyObject *imei(PyObject *self, PyObject *value)
{
    (void)self;
    ASCII_OR_TWIN(value, C.twin_imei)
    char d[16];
    Py_ssize_t nd = digits(s, len, d, 15);
    if (nd != 15 || distinct(d, 15) < 4 || !luhn(d, 15))
        Py_RETURN_NONE;
    return Py_NewRef(C.ok);
}

/* --- setup ------------------------------------------------------------------------------ */

static PyObject *item(PyObject *config, const char *key)
{
    PyObject *v = PyDict_GetItemString(config, key);  /* borrowed */
    if (v == NULL)
        PyErr_Format(PyExc_KeyError, "_numbers.setup: no %s", key);
    return v;
}

static int ascii_into(PyObject *s, char *out, Py_ssize_t cap, const char *what)
{
    if (!PyUnicode_Check(s) || !PyUnicode_IS_ASCII(s) || PyUnicode_GET_LENGTH(s) >= cap) {
        PyErr_Format(PyExc_ValueError, "_numbers.setup: %s must be short ASCII text", what);
        return -1;
    }
    memcpy(out, PyUnicode_DATA(s), (size_t)PyUnicode_GET_LENGTH(s));
    out[PyUnicode_GET_LENGTH(s)] = '\0';
    return 0;
}

static int ints_into(PyObject *seq, int *out, Py_ssize_t n, const char *what)
{
    if (!PyTuple_Check(seq) || PyTuple_GET_SIZE(seq) != n) {
        PyErr_Format(PyExc_ValueError, "_numbers.setup: %s must be %zd numbers", what, n);
        return -1;
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        long v = PyLong_AsLong(PyTuple_GET_ITEM(seq, i));
        if (v == -1 && PyErr_Occurred())
            return -1;
        out[i] = (int)v;
    }
    return 0;
}

/* Groupings from ((length, ...), ...). */
static int groupings_into(PyObject *seq, Groupings *g, const char *what)
{
    if (!PyTuple_Check(seq) || PyTuple_GET_SIZE(seq) > MAX_GROUPINGS) {
        PyErr_Format(PyExc_ValueError, "_numbers.setup: %s: at most %d groupings", what,
                     MAX_GROUPINGS);
        return -1;
    }
    g->n = (int)PyTuple_GET_SIZE(seq);
    for (int k = 0; k < g->n; k++) {
        PyObject *lens = PyTuple_GET_ITEM(seq, k);
        if (!PyTuple_Check(lens) || PyTuple_GET_SIZE(lens) < 1 ||
            PyTuple_GET_SIZE(lens) > MAX_PARTS) {
            PyErr_Format(PyExc_ValueError, "_numbers.setup: %s: 1 to %d groups", what,
                         MAX_PARTS);
            return -1;
        }
        g->parts[k] = (int)PyTuple_GET_SIZE(lens);
        if (ints_into(lens, g->lens[k], g->parts[k], what) < 0)
            return -1;
    }
    return 0;
}

static void keep(PyObject **slot, PyObject *v)
{
    Py_XINCREF(v);
    Py_XSETREF(*slot, v);
}

/* setup(config): config holds
 *   twins: (payment_card, cn_ric, us_ssn, imei)     the Python validators
 *   verdict: common.Verdict; ok, weak: common.OK, common.WEAK
 *   card_verdicts: ((checked, unchecked) per brand; the first eight are visa, mastercard,
 *       maestro, amex, jcb, diners, discover, unionpay)
 *   bins: ((prefix, brand index, min length, max length) ...), in financial._card_bins order
 *   test_cards: (digits ...); ssn_invalid: (nine digits ...)
 *   ric_examples: (18 characters ...), test_data: common.TEST_DATA (their verdict)
 *   card_groups, ric_groups: ((group length, ...), ...): financial._CARD_GROUPS,
 *       identity._RIC_GROUPS
 *   ric_weights, ric_check, uscc_weights, uscc_chars, provinces (two-digit strings)
 */
static PyObject *setup(PyObject *self, PyObject *config)
{
    (void)self;
    if (!PyDict_Check(config)) {
        PyErr_SetString(PyExc_TypeError, "_numbers.setup takes a dict");
        return NULL;
    }
    C.ready = 0;
    PyObject *twins = item(config, "twins");
    if (twins == NULL)
        return NULL;
    if (!PyTuple_Check(twins) || PyTuple_GET_SIZE(twins) != 4) {
        PyErr_SetString(PyExc_ValueError, "_numbers.setup: four twins");
        return NULL;
    }
    keep(&C.twin_card, PyTuple_GET_ITEM(twins, 0));
    keep(&C.twin_ric, PyTuple_GET_ITEM(twins, 1));
    keep(&C.twin_ssn, PyTuple_GET_ITEM(twins, 2));
    keep(&C.twin_imei, PyTuple_GET_ITEM(twins, 3));

    PyObject *type = item(config, "verdict");
    if (type == NULL)
        return NULL;
    if (!PyType_Check(type)) {
        PyErr_SetString(PyExc_TypeError, "_numbers.setup: verdict must be a class");
        return NULL;
    }
    keep(&C.verdict_type, type);
    for (int k = 0; k < N_FIELDS; k++) {
        PyObject *descr = PyObject_GetAttrString(type, FIELDS[k]);
        if (descr == NULL)
            return NULL;
        if (Py_TYPE(descr)->tp_descr_set == NULL) {
            Py_DECREF(descr);
            PyErr_Format(PyExc_TypeError, "_numbers.setup: Verdict.%s is not a slot",
                         FIELDS[k]);
            return NULL;
        }
        Py_XSETREF(C.descr[k], descr);
    }
    PyObject *ok = item(config, "ok"), *weak = item(config, "weak");
    if (ok == NULL || weak == NULL)
        return NULL;
    keep(&C.ok, ok);
    keep(&C.weak, weak);

    PyObject *verdicts = item(config, "card_verdicts");
    if (verdicts == NULL)
        return NULL;
    if (!PyTuple_Check(verdicts) || PyTuple_GET_SIZE(verdicts) < BUILTIN_BRANDS ||
        PyTuple_GET_SIZE(verdicts) > MAX_BRANDS) {
        PyErr_SetString(PyExc_ValueError, "_numbers.setup: card_verdicts per brand");
        return NULL;
    }
    C.n_brands = (int)PyTuple_GET_SIZE(verdicts);
    for (int b = 0; b < C.n_brands; b++) {
        PyObject *pair = PyTuple_GET_ITEM(verdicts, b);
        if (!PyTuple_Check(pair) || PyTuple_GET_SIZE(pair) != 2) {
            PyErr_SetString(PyExc_ValueError, "_numbers.setup: (checked, unchecked) verdicts");
            return NULL;
        }
        keep(&C.card_verdicts[b][0], PyTuple_GET_ITEM(pair, 0));
        keep(&C.card_verdicts[b][1], PyTuple_GET_ITEM(pair, 1));
    }

    PyObject *bins = item(config, "bins");
    if (bins == NULL)
        return NULL;
    if (!PyTuple_Check(bins) || PyTuple_GET_SIZE(bins) > MAX_BINS) {
        PyErr_SetString(PyExc_ValueError, "_numbers.setup: too many bins");
        return NULL;
    }
    C.n_bins = (int)PyTuple_GET_SIZE(bins);
    for (int b = 0; b < C.n_bins; b++) {
        PyObject *row = PyTuple_GET_ITEM(bins, b);
        Bin *bin = &C.bins[b];
        int nums[3];
        PyObject *rest;
        if (!PyTuple_Check(row) || PyTuple_GET_SIZE(row) != 4) {
            PyErr_SetString(PyExc_ValueError, "_numbers.setup: a bin is four items");
            return NULL;
        }
        rest = PyTuple_GetSlice(row, 1, 4);
        if (rest == NULL)
            return NULL;
        int bad = ascii_into(PyTuple_GET_ITEM(row, 0), bin->prefix, 20, "a bin prefix") < 0 ||
                  ints_into(rest, nums, 3, "a bin") < 0;
        Py_DECREF(rest);
        if (bad)
            return NULL;
        bin->len = (int)strlen(bin->prefix);
        bin->brand = nums[0];
        bin->lo = nums[1];
        bin->hi = nums[2];
        if (bin->brand < 0 || bin->brand >= C.n_brands) {
            PyErr_SetString(PyExc_ValueError, "_numbers.setup: a bin's brand index");
            return NULL;
        }
    }

    PyObject *tests = item(config, "test_cards");
    if (tests == NULL)
        return NULL;
    if (!PyTuple_Check(tests) || PyTuple_GET_SIZE(tests) > MAX_TEST_CARDS) {
        PyErr_SetString(PyExc_ValueError, "_numbers.setup: too many test cards");
        return NULL;
    }
    C.n_test_cards = (int)PyTuple_GET_SIZE(tests);
    memset(C.test_cards, 0, sizeof C.test_cards);
    for (int k = 0; k < C.n_test_cards; k++) {
        if (ascii_into(PyTuple_GET_ITEM(tests, k), C.test_cards[k], 20, "a test card") < 0)
            return NULL;
    }
    qsort(C.test_cards, (size_t)C.n_test_cards, 20, card_key_cmp);

    PyObject *cg = item(config, "card_groups"), *rg = item(config, "ric_groups");
    PyObject *si = item(config, "ssn_invalid");
    PyObject *re = item(config, "ric_examples"), *td = item(config, "test_data");
    if (cg == NULL || rg == NULL || si == NULL || re == NULL || td == NULL)
        return NULL;
    if (!PyTuple_Check(re) || PyTuple_GET_SIZE(re) > MAX_RIC_EXAMPLES) {
        PyErr_SetString(PyExc_ValueError, "_numbers.setup: too many example IDs");
        return NULL;
    }
    C.n_ric_examples = (int)PyTuple_GET_SIZE(re);
    for (int k = 0; k < C.n_ric_examples; k++) {
        if (ascii_into(PyTuple_GET_ITEM(re, k), C.ric_examples[k], 19, "an example ID") < 0)
            return NULL;
        if (strlen(C.ric_examples[k]) != 18) {
            PyErr_SetString(PyExc_ValueError, "_numbers.setup: an example ID is 18 characters");
            return NULL;
        }
    }
    keep(&C.test_data, td);
    if (groupings_into(cg, &C.card_groups, "card_groups") < 0 ||
        groupings_into(rg, &C.ric_groups, "ric_groups") < 0)
        return NULL;
    if (!PyTuple_Check(si) || PyTuple_GET_SIZE(si) > MAX_SSN_INVALID) {
        PyErr_SetString(PyExc_ValueError, "_numbers.setup: too many invalid SSNs");
        return NULL;
    }
    C.n_ssn_invalid = (int)PyTuple_GET_SIZE(si);
    for (int k = 0; k < C.n_ssn_invalid; k++) {
        char *ssn = C.ssn_invalid[k];
        if (ascii_into(PyTuple_GET_ITEM(si, k), ssn, 10, "an invalid SSN") < 0)
            return NULL;
        if (strlen(ssn) != 9) {
            PyErr_SetString(PyExc_ValueError, "_numbers.setup: an SSN is nine digits");
            return NULL;
        }
    }

    PyObject *w = item(config, "ric_weights"), *chk = item(config, "ric_check");
    PyObject *uw = item(config, "uscc_weights"), *uc = item(config, "uscc_chars");
    PyObject *prov = item(config, "provinces");
    if (w == NULL || chk == NULL || uw == NULL || uc == NULL || prov == NULL)
        return NULL;
    if (ints_into(w, C.ric_weights, 17, "ric_weights") < 0 ||
        ascii_into(chk, C.ric_check, 12, "ric_check") < 0 ||
        ints_into(uw, C.uscc_weights, 17, "uscc_weights") < 0 ||
        ascii_into(uc, C.uscc_chars, 32, "uscc_chars") < 0)
        return NULL;
    if (strlen(C.ric_check) != 11 || strlen(C.uscc_chars) != 31) {
        PyErr_SetString(PyExc_ValueError, "_numbers.setup: 11 check and 31 code characters");
        return NULL;
    }
    memset(C.province, 0, sizeof C.province);
    PyObject *it = PyObject_GetIter(prov);
    if (it == NULL)
        return NULL;
    PyObject *code;
    while ((code = PyIter_Next(it)) != NULL) {
        char two[3];
        int bad = ascii_into(code, two, 3, "a province code") < 0 || strlen(two) != 2 ||
                  two[0] < '0' || two[0] > '9' || two[1] < '0' || two[1] > '9';
        Py_DECREF(code);
        if (bad) {
            if (!PyErr_Occurred())
                PyErr_SetString(PyExc_ValueError, "_numbers.setup: two-digit province codes");
            Py_DECREF(it);
            return NULL;
        }
        C.province[number(two, 2)] = 1;
    }
    Py_DECREF(it);
    if (PyErr_Occurred())
        return NULL;

#define STR(slot, text)                                                   \
    if (C.slot == NULL && (C.slot = PyUnicode_InternFromString(text)) == NULL) \
        return NULL;
    STR(s_birth_date, "birth_date")
    STR(s_sex, "sex")
    STR(s_male, "male")
    STR(s_female, "female")
#undef STR
    if (C.boost_province == NULL && (C.boost_province = PyFloat_FromDouble(0.03)) == NULL)
        return NULL;
    if (C.boost_none == NULL && (C.boost_none = PyFloat_FromDouble(0.0)) == NULL)
        return NULL;
    C.ready = 1;
    Py_RETURN_NONE;
}

static PyMethodDef methods[] = {
    {"setup", setup, METH_O, "setup(config): the tables and Python twins (validators/native.py)."},
    {"payment_card", payment_card, METH_O, "financial.payment_card, in C."},
    {"cn_ric", cn_ric, METH_O, "identity.cn_ric, in C."},
    {"us_ssn", us_ssn, METH_O, "identity.us_ssn, in C."},
    {"imei", imei, METH_O, "basic.imei, in C."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "_numbers",
    "The most frequent digit-string validators at C speed (see _numbers.c).", -1, methods,
    NULL, NULL, NULL, NULL,
};

PyMODINIT_FUNC PyInit__numbers(void)
{
    return PyModule_Create(&module);
}

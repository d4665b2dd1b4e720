/* Compiled scanning for pre-annotation: whole-word multi-pattern matching and
 * digit runs, the two passes every document goes through.
 *
 * The pure-Python engine in matcher.py (pyahocorasick plus a whole-word filter)
 * is the reference; this one returns exactly the same matches in the same
 * order, and tests compare the two on generated and real texts.
 *
 * Patterns live in two tries (exact and case-folded). Every whole-word match
 * starts where a word may start, so the scan walks the tries from those
 * positions only, and needs no failure links. Matches are then ordered as an
 * Aho-Corasick pass reports them: exact pass first, by end, longest first.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define ROOT_EXACT 0
#define ROOT_FOLD 1

struct Lead {
    uint64_t hash;
    int32_t node;               /* -1: a free slot */
    int32_t length;
    size_t offset;              /* in lead_chars */
};

typedef struct {
    PyObject_HEAD
    Py_ssize_t channels;
    /* nodes */
    int32_t n_nodes;
    int32_t cap_nodes;
    PyObject **outputs;         /* per node: list of (channel, payload), or NULL */
    int32_t root_ascii[2][128]; /* children of the roots for ASCII code points */
    /* ASCII children of the roots' ASCII children: the first two characters of
     * a pattern resolve without hashing */
    int32_t *second;            /* per root-ASCII child, 128 slots (index in slot_of) */
    int32_t *slot_of;           /* per node: its row in ``second``, or -1 */
    int32_t n_second;
    int32_t root_size[2];       /* patterns under each root */
    /* per root, a bit per hash of a pattern's leading ASCII word ("su" of
     * "Su-57", "united" of "united states"): a text word whose bit is clear
     * starts no match, and most words are skipped without walking the trie */
    uint64_t *first[2];
    /* per root, the node each leading ASCII word leads to, so a text word that
     * passes the bit test costs one lookup, not one per character */
    struct Lead *leads[2];
    size_t cap_leads[2];        /* a power of two, or 0 */
    size_t n_leads[2];
    char *lead_chars;           /* the leading words, back to back */
    size_t n_lead_chars;
    size_t cap_lead_chars;
    /* transitions other than the roots' ASCII ones: (node << 21 | cp) -> child */
    uint64_t *keys;
    int32_t *values;            /* child, or -1 for a free slot */
    size_t cap_edges;           /* a power of two */
    size_t n_edges;
} Scanner;

static inline size_t
edge_slot(uint64_t key, size_t mask)
{
    return (size_t)((key * 0x9E3779B97F4A7C15ULL) >> 20) & mask;
}

static inline int32_t
edge_get(const Scanner *self, int32_t node, Py_UCS4 cp)
{
    if (node <= ROOT_FOLD && cp < 128) {
        return self->root_ascii[node][cp];
    }
    if (cp < 128 && self->slot_of[node] >= 0) {
        return self->second[(size_t)self->slot_of[node] * 128 + cp];
    }
    if (self->cap_edges == 0) {
        return -1;
    }
    uint64_t key = ((uint64_t)node << 21) | cp;
    size_t mask = self->cap_edges - 1;
    size_t slot = edge_slot(key, mask);
    for (;;) {
        int32_t value = self->values[slot];
        if (value < 0) {
            return -1;
        }
        if (self->keys[slot] == key) {
            return value;
        }
        slot = (slot + 1) & mask;
    }
}

static int
edges_grow(Scanner *self)
{
    size_t cap = self->cap_edges ? self->cap_edges * 2 : 1024;
    uint64_t *keys = PyMem_Malloc(cap * sizeof(uint64_t));
    int32_t *values = PyMem_Malloc(cap * sizeof(int32_t));
    if (keys == NULL || values == NULL) {
        PyMem_Free(keys);
        PyMem_Free(values);
        PyErr_NoMemory();
        return -1;
    }
    memset(values, 0xff, cap * sizeof(int32_t));
    size_t mask = cap - 1;
    for (size_t i = 0; i < self->cap_edges; i++) {
        if (self->values[i] >= 0) {
            size_t slot = edge_slot(self->keys[i], mask);
            while (values[slot] >= 0) {
                slot = (slot + 1) & mask;
            }
            keys[slot] = self->keys[i];
            values[slot] = self->values[i];
        }
    }
    PyMem_Free(self->keys);
    PyMem_Free(self->values);
    self->keys = keys;
    self->values = values;
    self->cap_edges = cap;
    return 0;
}

static int32_t
node_new(Scanner *self)
{
    if (self->n_nodes == self->cap_nodes) {
        int32_t cap = self->cap_nodes ? self->cap_nodes * 2 : 1024;
        PyObject **outputs = PyMem_Realloc(self->outputs, (size_t)cap * sizeof(PyObject *));
        if (outputs == NULL) {
            PyErr_NoMemory();
            return -1;
        }
        self->outputs = outputs;
        memset(outputs + self->cap_nodes, 0,
               (size_t)(cap - self->cap_nodes) * sizeof(PyObject *));
        int32_t *slot_of = PyMem_Realloc(self->slot_of, (size_t)cap * sizeof(int32_t));
        if (slot_of == NULL) {
            PyErr_NoMemory();
            return -1;
        }
        self->slot_of = slot_of;
        memset(slot_of + self->cap_nodes, 0xff,
               (size_t)(cap - self->cap_nodes) * sizeof(int32_t));
        self->cap_nodes = cap;
    }
    return self->n_nodes++;
}

static int32_t
edge_add(Scanner *self, int32_t node, Py_UCS4 cp)
{
    int32_t child = edge_get(self, node, cp);
    if (child >= 0) {
        return child;
    }
    child = node_new(self);
    if (child < 0) {
        return -1;
    }
    if (node <= ROOT_FOLD && cp < 128) {
        self->root_ascii[node][cp] = child;
        /* a row of second-character children for it */
        int32_t *second = PyMem_Realloc(self->second,
                                        (size_t)(self->n_second + 1) * 128 * sizeof(int32_t));
        if (second == NULL) {
            PyErr_NoMemory();
            return -1;
        }
        self->second = second;
        memset(second + (size_t)self->n_second * 128, 0xff, 128 * sizeof(int32_t));
        self->slot_of[child] = self->n_second++;
        return child;
    }
    if (cp < 128 && self->slot_of[node] >= 0) {
        self->second[(size_t)self->slot_of[node] * 128 + cp] = child;
        return child;
    }
    if ((self->n_edges + 1) * 2 > self->cap_edges && edges_grow(self) < 0) {
        return -1;
    }
    uint64_t key = ((uint64_t)node << 21) | cp;
    size_t mask = self->cap_edges - 1;
    size_t slot = edge_slot(key, mask);
    while (self->values[slot] >= 0) {
        slot = (slot + 1) & mask;
    }
    self->keys[slot] = key;
    self->values[slot] = child;
    self->n_edges++;
    return child;
}

static int
Scanner_init(Scanner *self, PyObject *args, PyObject *kwds)
{
    static char *kwlist[] = {"channels", NULL};
    Py_ssize_t channels;
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "n", kwlist, &channels)) {
        return -1;
    }
    if (channels < 1) {
        PyErr_SetString(PyExc_ValueError, "Scanner needs at least one channel");
        return -1;
    }
    if (self->n_nodes) {
        PyErr_SetString(PyExc_RuntimeError, "Scanner is already initialised");
        return -1;
    }
    self->channels = channels;
    memset(self->root_ascii, 0xff, sizeof(self->root_ascii));
    if (node_new(self) < 0 || node_new(self) < 0) {
        return -1;
    }
    return 0;
}

static void
Scanner_dealloc(Scanner *self)
{
    for (int32_t i = 0; i < self->n_nodes; i++) {
        Py_XDECREF(self->outputs[i]);
    }
    PyMem_Free(self->outputs);
    PyMem_Free(self->slot_of);
    PyMem_Free(self->second);
    PyMem_Free(self->keys);
    PyMem_Free(self->values);
    PyMem_Free(self->first[0]);
    PyMem_Free(self->first[1]);
    PyMem_Free(self->leads[0]);
    PyMem_Free(self->leads[1]);
    PyMem_Free(self->lead_chars);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

static const unsigned char ASCII_WORD[128] = {
    ['0'] = 1, ['1'] = 1, ['2'] = 1, ['3'] = 1, ['4'] = 1, ['5'] = 1, ['6'] = 1, ['7'] = 1,
    ['8'] = 1, ['9'] = 1, ['_'] = 1,
    ['A'] = 1, ['B'] = 1, ['C'] = 1, ['D'] = 1, ['E'] = 1, ['F'] = 1, ['G'] = 1, ['H'] = 1,
    ['I'] = 1, ['J'] = 1, ['K'] = 1, ['L'] = 1, ['M'] = 1, ['N'] = 1, ['O'] = 1, ['P'] = 1,
    ['Q'] = 1, ['R'] = 1, ['S'] = 1, ['T'] = 1, ['U'] = 1, ['V'] = 1, ['W'] = 1, ['X'] = 1,
    ['Y'] = 1, ['Z'] = 1,
    ['a'] = 1, ['b'] = 1, ['c'] = 1, ['d'] = 1, ['e'] = 1, ['f'] = 1, ['g'] = 1, ['h'] = 1,
    ['i'] = 1, ['j'] = 1, ['k'] = 1, ['l'] = 1, ['m'] = 1, ['n'] = 1, ['o'] = 1, ['p'] = 1,
    ['q'] = 1, ['r'] = 1, ['s'] = 1, ['t'] = 1, ['u'] = 1, ['v'] = 1, ['w'] = 1, ['x'] = 1,
    ['y'] = 1, ['z'] = 1,
};

/* Python's ``c.isalnum() or c == "_"`` for one character. */
static inline int
is_word(Py_UCS4 c)
{
    if (c < 128) {
        return ASCII_WORD[c];
    }
    return Py_UNICODE_ISALNUM(c);
}

#define FIRST_BITS 20 /* 2^20 bits (128 KiB) per root */
#define FNV_OFFSET 0xcbf29ce484222325ULL
#define FNV_PRIME 0x100000001b3ULL

static inline uint64_t
fnv_step(uint64_t hash, Py_UCS4 c)
{
    return (hash ^ c) * FNV_PRIME;
}

static inline size_t
first_index(uint64_t hash)
{
    return (size_t)(hash >> (64 - FIRST_BITS));
}

static inline size_t
lead_slot(uint64_t hash, size_t mask)
{
    return (size_t)(hash ^ (hash >> 31)) & mask;
}

/* The node a leading word leads to, or -1. ``word`` holds ``length`` ASCII
 * characters of kind ``kind`` from ``data`` at ``start``, lower-cased when
 * ``lower``. */
static inline int32_t
lead_get(const Scanner *self, int root, uint64_t hash, int kind, const void *data,
         Py_ssize_t start, Py_ssize_t length, int lower)
{
    if (!self->cap_leads[root]) {
        return -1;
    }
    size_t mask = self->cap_leads[root] - 1;
    for (size_t slot = lead_slot(hash, mask);; slot = (slot + 1) & mask) {
        const struct Lead *lead = &self->leads[root][slot];
        if (lead->node < 0) {
            return -1;
        }
        if (lead->hash != hash || lead->length != length) {
            continue;
        }
        const char *chars = self->lead_chars + lead->offset;
        Py_ssize_t k = 0;
        for (; k < length; k++) {
            Py_UCS4 c = PyUnicode_READ(kind, data, start + k);
            if (lower && c >= 'A' && c <= 'Z') {
                c += 32;
            }
            if ((Py_UCS4)(unsigned char)chars[k] != c) {
                break;
            }
        }
        if (k == length) {
            return lead->node;
        }
    }
}

static int
lead_add(Scanner *self, int root, uint64_t hash, int kind, const void *data,
         Py_ssize_t length, int32_t node)
{
    if (lead_get(self, root, hash, kind, data, 0, length, 0) >= 0) {
        return 0;
    }
    if ((self->n_leads[root] + 1) * 2 > self->cap_leads[root]) {
        size_t cap = self->cap_leads[root] ? self->cap_leads[root] * 2 : 1024;
        struct Lead *grown = PyMem_Malloc(cap * sizeof(struct Lead));
        if (grown == NULL) {
            PyErr_NoMemory();
            return -1;
        }
        for (size_t i = 0; i < cap; i++) {
            grown[i].node = -1;
        }
        for (size_t i = 0; i < self->cap_leads[root]; i++) {
            struct Lead *old = &self->leads[root][i];
            if (old->node >= 0) {
                size_t slot = lead_slot(old->hash, cap - 1);
                while (grown[slot].node >= 0) {
                    slot = (slot + 1) & (cap - 1);
                }
                grown[slot] = *old;
            }
        }
        PyMem_Free(self->leads[root]);
        self->leads[root] = grown;
        self->cap_leads[root] = cap;
    }
    if (self->n_lead_chars + (size_t)length > self->cap_lead_chars) {
        size_t cap = (self->cap_lead_chars + (size_t)length) * 2;
        char *chars = PyMem_Realloc(self->lead_chars, cap);
        if (chars == NULL) {
            PyErr_NoMemory();
            return -1;
        }
        self->lead_chars = chars;
        self->cap_lead_chars = cap;
    }
    for (Py_ssize_t k = 0; k < length; k++) {
        self->lead_chars[self->n_lead_chars + (size_t)k] =
            (char)PyUnicode_READ(kind, data, k);
    }
    size_t mask = self->cap_leads[root] - 1;
    size_t slot = lead_slot(hash, mask);
    while (self->leads[root][slot].node >= 0) {
        slot = (slot + 1) & mask;
    }
    self->leads[root][slot] = (struct Lead){hash, node, (int32_t)length, self->n_lead_chars};
    self->n_lead_chars += (size_t)length;
    self->n_leads[root]++;
    return 0;
}

/* add(key, fold, channel, payload): register one pattern. ``key`` is already
 * folded by the caller when ``fold`` is true. */
static PyObject *
Scanner_add(Scanner *self, PyObject *args)
{
    PyObject *key, *payload;
    int fold;
    Py_ssize_t channel;
    if (!PyArg_ParseTuple(args, "UpnO", &key, &fold, &channel, &payload)) {
        return NULL;
    }
    if (self->n_nodes < 2) {
        PyErr_SetString(PyExc_RuntimeError, "Scanner is not initialised");
        return NULL;
    }
    if (channel < 0 || channel >= self->channels) {
        PyErr_Format(PyExc_ValueError, "channel %zd out of range 0..%zd", channel,
                     self->channels - 1);
        return NULL;
    }
    Py_ssize_t size = PyUnicode_GET_LENGTH(key);
    if (size == 0) {
        PyErr_SetString(PyExc_ValueError, "empty pattern");
        return NULL;
    }
    int kind = PyUnicode_KIND(key);
    const void *data = PyUnicode_DATA(key);
    if (self->first[fold] == NULL) {
        self->first[fold] = PyMem_Calloc(((size_t)1 << FIRST_BITS) / 64, sizeof(uint64_t));
        if (self->first[fold] == NULL) {
            return PyErr_NoMemory();
        }
    }
    /* The leading word, when it is ASCII: a whole-word match of this pattern
     * starts at a text word equal to it (see Scanner_scan). */
    uint64_t hash = FNV_OFFSET;
    Py_ssize_t run = 0;
    int ascii = 1;
    for (; run < size; run++) {
        Py_UCS4 c = PyUnicode_READ(kind, data, run);
        if (!is_word(c)) {
            break;
        }
        ascii &= c < 128;
        hash = fnv_step(hash, c);
    }
    int32_t node = fold ? ROOT_FOLD : ROOT_EXACT;
    for (Py_ssize_t i = 0; i < size; i++) {
        node = edge_add(self, node, PyUnicode_READ(kind, data, i));
        if (node < 0) {
            return NULL;
        }
        if (i + 1 == run && ascii) {
            size_t bit = first_index(hash);
            self->first[fold][bit / 64] |= (uint64_t)1 << (bit % 64);
            if (lead_add(self, fold, hash, kind, data, run, node) < 0) {
                return NULL;
            }
        }
    }
    if (self->outputs[node] == NULL) {
        self->outputs[node] = PyList_New(0);
        if (self->outputs[node] == NULL) {
            return NULL;
        }
    }
    PyObject *item = Py_BuildValue("(nO)", channel, payload);
    if (item == NULL) {
        return NULL;
    }
    int failed = PyList_Append(self->outputs[node], item);
    Py_DECREF(item);
    if (failed) {
        return NULL;
    }
    self->root_size[fold ? 1 : 0]++;
    Py_RETURN_NONE;
}

typedef struct {
    int kind;
    const void *data;
    Py_ssize_t size;
} Text;

#define AT(t, i) PyUnicode_READ((t)->kind, (t)->data, (i))

/* matcher.whole_word: not glued to letters or digits on either side, and no
 * dot joining it to a neighbouring word ("Russia.Post", "rusi.org"). */
static inline int
whole_word(const Text *t, Py_ssize_t start, Py_ssize_t end)
{
    if (start && is_word(AT(t, start - 1)) && is_word(AT(t, start))) {
        return 0;
    }
    if (end < t->size && is_word(AT(t, end)) && is_word(AT(t, end - 1))) {
        return 0;
    }
    if (end + 1 < t->size && AT(t, end) == '.' && is_word(AT(t, end + 1))) {
        return 0;
    }
    return !(start > 1 && AT(t, start - 1) == '.' && is_word(AT(t, start - 2)));
}

typedef struct {
    Py_ssize_t start;
    Py_ssize_t end;
    int32_t pass;
    int32_t node;
} Match;

static int
match_order(const void *a, const void *b)
{
    const Match *x = a, *y = b;
    if (x->pass != y->pass) {
        return x->pass < y->pass ? -1 : 1;
    }
    if (x->end != y->end) {
        return x->end < y->end ? -1 : 1;
    }
    if (x->start != y->start) {
        return x->start < y->start ? -1 : 1; /* the longer first */
    }
    return 0;
}

/* scan(text, folded) -> one list per channel of (start, end, payload), in the
 * order of an Aho-Corasick pass over text (exact) then folded (fold). */
static PyObject *
Scanner_scan(Scanner *self, PyObject *args)
{
    PyObject *text_obj, *folded_obj;
    if (!PyArg_ParseTuple(args, "UU", &text_obj, &folded_obj)) {
        return NULL;
    }
    if (self->n_nodes < 2) {
        PyErr_SetString(PyExc_RuntimeError, "Scanner is not initialised");
        return NULL;
    }
    Text text = {PyUnicode_KIND(text_obj), PyUnicode_DATA(text_obj),
                 PyUnicode_GET_LENGTH(text_obj)};
    Text folded = {PyUnicode_KIND(folded_obj), PyUnicode_DATA(folded_obj),
                   PyUnicode_GET_LENGTH(folded_obj)};
    if (folded.size != text.size) {
        PyErr_SetString(PyExc_ValueError, "folded text differs in length from text");
        return NULL;
    }
    Py_ssize_t cap = 256, count = 0;
    Match *matches = PyMem_Malloc((size_t)cap * sizeof(Match));
    if (matches == NULL) {
        return PyErr_NoMemory();
    }
    const Text *sources[2] = {&text, &folded};
    int sorted = 1;
    Py_ssize_t n = text.size;
    for (Py_ssize_t i = 0; i < n; i++) {
        /* A whole-word match cannot start inside a word, nor after "word." */
        if (i && is_word(AT(&text, i - 1)) && is_word(AT(&text, i))) {
            continue;
        }
        if (i > 1 && AT(&text, i - 1) == '.' && is_word(AT(&text, i - 2))) {
            continue;
        }
        /* The word starting here, if it and the character after it are ASCII:
         * its hash as it stands (exact pass) and lower-cased (folded pass).
         * A pattern matching here has a leading word equal to it: a shorter
         * one would end inside the word, a longer one would need a word
         * character where the text has none. ASCII keeps the folded text's
         * word boundaries those of the text, which whole_word checks. */
        uint64_t hashes[2] = {FNV_OFFSET, FNV_OFFSET};
        Py_ssize_t word_end = i;
        int filtered = 1;
        for (; word_end < n; word_end++) {
            Py_UCS4 c = AT(&text, word_end);
            if (c >= 128) {
                filtered = 0;
                break;
            }
            if (!ASCII_WORD[c]) {
                break;
            }
            hashes[0] = fnv_step(hashes[0], c);
            hashes[1] = fnv_step(hashes[1], c >= 'A' && c <= 'Z' ? c + 32 : c);
        }
        filtered &= word_end > i;
        for (int32_t pass = 0; pass < 2; pass++) {
            if (!self->root_size[pass]) {
                continue;
            }
            const Text *source = sources[pass];
            int32_t node = pass;
            Py_ssize_t j = i;
            if (filtered) {
                /* Jump over the whole leading word: no match ends inside it. */
                size_t bit = first_index(hashes[pass]);
                if (!(self->first[pass][bit / 64] >> (bit % 64) & 1)) {
                    continue;
                }
                node = lead_get(self, pass, hashes[pass], text.kind, text.data, i,
                                word_end - i, pass);
                if (node < 0) {
                    continue;
                }
                j = word_end - 1;
            }
            else {
                node = edge_get(self, node, AT(source, j));
            }
            for (; node >= 0; node = ++j < n ? edge_get(self, node, AT(source, j)) : -1) {
                if (self->outputs[node] != NULL && whole_word(&text, i, j + 1)) {
                    if (count == cap) {
                        cap *= 2;
                        Match *grown = PyMem_Realloc(matches, (size_t)cap * sizeof(Match));
                        if (grown == NULL) {
                            PyMem_Free(matches);
                            return PyErr_NoMemory();
                        }
                        matches = grown;
                    }
                    if (count && match_order(&matches[count - 1],
                                             &(Match){i, j + 1, pass, node}) > 0) {
                        sorted = 0;
                    }
                    matches[count++] = (Match){i, j + 1, pass, node};
                }
            }
        }
        if (word_end > i + 1) {
            i = word_end - 1; /* no match starts inside the word */
        }
    }
    if (!sorted) {
        qsort(matches, (size_t)count, sizeof(Match), match_order);
    }
    PyObject *result = PyList_New(self->channels);
    if (result == NULL) {
        PyMem_Free(matches);
        return NULL;
    }
    for (Py_ssize_t c = 0; c < self->channels; c++) {
        PyObject *bucket = PyList_New(0);
        if (bucket == NULL) {
            goto error;
        }
        PyList_SET_ITEM(result, c, bucket);
    }
    for (Py_ssize_t m = 0; m < count; m++) {
        PyObject *outputs = self->outputs[matches[m].node];
        Py_ssize_t size = PyList_GET_SIZE(outputs);
        for (Py_ssize_t k = 0; k < size; k++) {
            PyObject *item = PyList_GET_ITEM(outputs, k);
            Py_ssize_t channel = PyLong_AsSsize_t(PyTuple_GET_ITEM(item, 0));
            PyObject *hit = PyTuple_New(3);
            if (hit == NULL) {
                goto error;
            }
            PyObject *start = PyLong_FromSsize_t(matches[m].start);
            PyObject *end = PyLong_FromSsize_t(matches[m].end);
            if (start == NULL || end == NULL) {
                Py_XDECREF(start);
                Py_XDECREF(end);
                Py_DECREF(hit);
                goto error;
            }
            PyObject *payload = PyTuple_GET_ITEM(item, 1);
            Py_INCREF(payload);
            PyTuple_SET_ITEM(hit, 0, start);
            PyTuple_SET_ITEM(hit, 1, end);
            PyTuple_SET_ITEM(hit, 2, payload);
            int failed = PyList_Append(PyList_GET_ITEM(result, channel), hit);
            Py_DECREF(hit);
            if (failed) {
                goto error;
            }
        }
    }
    PyMem_Free(matches);
    return result;
error:
    PyMem_Free(matches);
    Py_DECREF(result);
    return NULL;
}

static PyMethodDef Scanner_methods[] = {
    {"add", (PyCFunction)Scanner_add, METH_VARARGS,
     "add(key, fold, channel, payload): register a pattern (key folded if fold)."},
    {"scan", (PyCFunction)Scanner_scan, METH_VARARGS,
     "scan(text, folded) -> per channel, [(start, end, payload)] of whole-word matches."},
    {NULL, NULL, 0, NULL},
};

static PyTypeObject ScannerType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "annotkit.preannotate._scan.Scanner",
    .tp_doc = "Whole-word matching of many patterns, exact or case-folded, by channel.",
    .tp_basicsize = sizeof(Scanner),
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_new = PyType_GenericNew,
    .tp_init = (initproc)Scanner_init,
    .tp_dealloc = (destructor)Scanner_dealloc,
    .tp_methods = Scanner_methods,
};

/* digit_runs(text) -> ((start, end), ...) of every match of [0-9][0-9,.]* */
static PyObject *
digit_runs(PyObject *module, PyObject *arg)
{
    if (!PyUnicode_Check(arg)) {
        PyErr_SetString(PyExc_TypeError, "digit_runs needs a str");
        return NULL;
    }
    Text t = {PyUnicode_KIND(arg), PyUnicode_DATA(arg), PyUnicode_GET_LENGTH(arg)};
    PyObject *runs = PyList_New(0);
    if (runs == NULL) {
        return NULL;
    }
    Py_ssize_t i = 0;
    while (i < t.size) {
        Py_UCS4 c = AT(&t, i);
        if (c < '0' || c > '9') {
            i++;
            continue;
        }
        Py_ssize_t j = i + 1;
        while (j < t.size) {
            c = AT(&t, j);
            if (!((c >= '0' && c <= '9') || c == ',' || c == '.')) {
                break;
            }
            j++;
        }
        PyObject *run = Py_BuildValue("(nn)", i, j);
        if (run == NULL || PyList_Append(runs, run) < 0) {
            Py_XDECREF(run);
            Py_DECREF(runs);
            return NULL;
        }
        Py_DECREF(run);
        i = j;
    }
    PyObject *out = PyList_AsTuple(runs);
    Py_DECREF(runs);
    return out;
}

static PyMethodDef module_methods[] = {
    {"digit_runs", digit_runs, METH_O,
     "digit_runs(text) -> ((start, end), ...) of every run of digits with inner , and ."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT,
    .m_name = "annotkit.preannotate._scan",
    .m_doc = "Compiled scanning for pre-annotation (see matcher.py for the reference).",
    .m_size = -1,
    .m_methods = module_methods,
};

PyMODINIT_FUNC
PyInit__scan(void)
{
    if (PyType_Ready(&ScannerType) < 0) {
        return NULL;
    }
    PyObject *m = PyModule_Create(&module);
    if (m == NULL) {
        return NULL;
    }
    Py_INCREF(&ScannerType);
    if (PyModule_AddObject(m, "Scanner", (PyObject *)&ScannerType) < 0) {
        Py_DECREF(&ScannerType);
        Py_DECREF(m);
        return NULL;
    }
    return m;
}

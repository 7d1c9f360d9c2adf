"""The search engine's language part, shared by the knowledge base and the forums: how text
becomes index terms, how a query becomes the terms it looks for, and how a snippet shows
why a result matched. Where the terms are stored and how they are ranked belongs to each
app (``knowledge_base.search``, ``forums.search``); the rules of language live here, once.

Folding (``fold``) is what Arabic search engines do (Lucene's ArabicNormalizer is the
usual reference), plus the hamza seats: diacritics (tashkeel) and tatweel go, the hamza
forms of alef (أ إ آ ٱ) become bare alef, the hamza on its seats (ؤ ئ) becomes the bare
hamza ء, so مسئولية and مسؤولية are one word; taa marbuta becomes haa and alef maqsura yaa.
The letters Urdu writes (ی ے ک ہ ھ ۃ) fold onto their Arabic counterparts, so an Urdu word
typed on an Arabic keyboard still matches. Eastern Arabic digits become 0-9. Latin-script
languages are folded to lower case without accents, and Turkish dotted and dotless i
(İ i I ı) are all one ``i``, because most volunteers type Turkish on keyboards without ı.
Letters that are not a base letter plus a mark, such as Hausa's hooked ɓ ɗ ƙ ƴ, are
distinct letters and are kept.

Stemming (``stem``): Arabic-script words go through the light stemmer Lucene's
ArabicStemmer implements (Larkey, Ballesteros and Connell's "light10"), which strips the
article and the attached conjunctions and prepositions (ال وال بال كال فال لل و, and ب ك ل
ف before a long enough word) and the common suffixes (ها ان ات ون ين يه ية ه ة ي). It is
written here because it works on folded text: the Snowball Arabic stemmer in PyStemmer
does its own normalisation and treats a word ending in ة and the same word typed with ه
differently. Latin-script words go through PyStemmer's Snowball stemmers (English,
Turkish, and Indonesian for Malay, which shares its affixes); Hausa is folded only.

A word typed without its hamza (مسوولية for مسؤولية) is found too: text is indexed under
both the folded word and the word with the hamza seat kept as a plain letter
(``index_terms``).
"""

import hashlib
import html
import math
import re
import threading
import unicodedata
import uuid
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

import Stemmer
from django.core.cache import cache
from django.db import connection, transaction
from django.utils.safestring import SafeString, mark_safe

# Marks that do not change which word it is: tashkeel (fathatan .. sukun, and the extended
# marks), superscript alef, Quranic annotation marks, and tatweel (kashida).
_ARABIC_MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
HAMZA = "\u0621"  # ء

_LETTERS = str.maketrans(
    {
        "\u0624": HAMZA,  # ؤ hamza on waw → ء (before NFKD, which would split it)
        "\u0626": HAMZA,  # ئ hamza on yaa → ء
        "\u0671": "\u0627",  # ٱ alef wasla → ا (it has no Unicode decomposition)
        "\u0672": "\u0627",  # ٲ alef with wavy hamza above
        "\u0673": "\u0627",  # ٳ alef with wavy hamza below
        "\u0629": "\u0647",  # ة taa marbuta → ه
        "\u06c3": "\u0647",  # ۃ Urdu taa marbuta goal → ه
        "\u06c1": "\u0647",  # ہ Urdu heh goal → ه
        "\u06be": "\u0647",  # ھ Urdu heh doachashmee → ه
        "\u06d5": "\u0647",  # ە ae → ه
        "\u0649": "\u064a",  # ى alef maqsura → ي
        "\u06cc": "\u064a",  # ی Farsi yeh (Urdu) → ي
        "\u06d2": "\u064a",  # ے Urdu yeh barree → ي
        "\u06a9": "\u0643",  # ک keheh (Urdu) → ك
        "\u0131": "i",  # ı Turkish dotless i
        "\u2019": "'",  # ’ and ʼ (Hausa ʼy) → '
        "\u02bc": "'",
    }
)
# A hamza seat written as a letter and a combining hamza (what NFKD makes of ؤ and ئ).
_DECOMPOSED_SEATS = re.compile("[\u0648\u064a\u0649]\u0654")
# The same seats kept as their plain letters: the spelling of a word typed without hamza.
_SEATLESS = str.maketrans({"\u0624": "\u0648", "\u0626": "\u064a"})
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
# Everything that is not a letter, a digit or an apostrophe separates words.
_SEPARATORS = re.compile(r"[^\w']+|_")
# A word as written, marks included, for snippets (which show the text as written).
_WRITTEN_WORD = re.compile(
    "[\\w\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640\u0300-\u036f'\u2019\u02bc]+"
)
_ARABIC_SCRIPT = re.compile("[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")

LANGUAGES = ("ar", "en", "ur", "tr", "ms", "ha")
# Snowball stemmers for the Latin-script languages; Hausa has none and is folded only.
_SNOWBALL = {"en": "english", "tr": "turkish", "ms": "indonesian"}


_TAG = re.compile(r"<[^>]*>")


def plain_text(markup: str) -> str:
    """The words of HTML: every tag becomes a space, so "<p>a</p><p>b</p>" stays two words,
    and entities such as &amp; become their characters."""
    return html.unescape(_TAG.sub(" ", markup or ""))


def fold(text: str) -> str:
    """``text`` folded for comparison: one space between words, no marks, lower case.
    Idempotent: folding folded text changes nothing."""
    if not text:
        return ""
    text = text.translate(_LETTERS)
    # NFKD splits أ into ا + hamza above, é into e + acute, ﻻ into لا, İ into I + dot above;
    # the combining marks are then dropped, which folds the hamza forms and Latin accents.
    text = unicodedata.normalize("NFKD", text)
    text = _DECOMPOSED_SEATS.sub(HAMZA, text)
    text = _ARABIC_MARKS.sub("", text)
    text = "".join(char for char in text if not unicodedata.combining(char))
    text = text.translate(_LETTERS).translate(_DIGITS).lower().translate(_LETTERS)
    return " ".join(_SEPARATORS.sub(" ", text).split())


def words(text: str) -> list[str]:
    """The folded words of ``text`` in order, apostrophes at their ends removed."""
    return [word for word in (w.strip("'") for w in fold(text).split()) if word]


# Arabic light stemming (light10, as Lucene's ArabicStemmer), on folded text.
_ARABIC_PREFIXES = ("وبال", "وكال", "فبال", "وال", "بال", "كال", "فال", "ولل", "فلل", "لل", "ال")
_ARABIC_SUFFIXES = ("ها", "ان", "ات", "ون", "ين", "يه", "ه", "ي")


def arabic_stem(word: str) -> str:
    """The light stem of a folded Arabic-script word; at least two letters are kept."""
    for prefix in _ARABIC_PREFIXES:
        if word.startswith(prefix) and len(word) - len(prefix) >= 2:
            word = word[len(prefix) :]
            break
    else:
        # A single-letter conjunction or preposition: و before three letters (as light10),
        # ب ك ل ف only before four, since many short words begin with these letters.
        if (word[:1] == "و" and len(word) >= 4) or (word[:1] in "بكلف" and len(word) >= 5):
            word = word[1:]
    for suffix in _ARABIC_SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 2:
            word = word[: -len(suffix)]
    return word


_stemmers = threading.local()


def _snowball(algorithm: str):
    """This thread's Snowball stemmer for ``algorithm`` (PyStemmer's stemmers are not
    thread-safe, and a web process may serve requests in several threads)."""
    stemmers = _stemmers.__dict__.setdefault("by_algorithm", {})
    if algorithm not in stemmers:
        stemmers[algorithm] = Stemmer.Stemmer(algorithm)
    return stemmers[algorithm]


@lru_cache(maxsize=100_000)
def stem(word: str, language: str) -> str:
    """The stem of one word (folded, or for Latin script as written): Arabic-script words
    by the Arabic light stemmer in every language, Latin-script words by the Snowball
    stemmer of ``language`` if there is one, then folded. The Turkish stemmer needs the
    letters as written (ı and ü decide the suffixes), so Latin words are stemmed before
    they are folded; a word typed without them is left whole, and found by its start."""
    if _ARABIC_SCRIPT.search(word):
        return arabic_stem(fold(word))
    algorithm = _SNOWBALL.get(language)
    if algorithm is None:
        return fold(word)
    lowered = word.replace("I", "\u0131").replace("\u0130", "i") if language == "tr" else word
    return fold(_snowball(algorithm).stemWord(lowered.lower())) or fold(word)


def _analysed(text: str, language: str) -> list[tuple[str, str]]:
    """(folded word, stem) for each word of ``text`` in order."""
    pairs = []
    for match in _WRITTEN_WORD.finditer(text or ""):
        written = match.group().strip("'\u2019\u02bc")
        for word in words(written):
            pairs.append((word, stem(written if word == fold(written) else word, language)))
    return pairs


# Stop words, written as people write them and folded once: words that say nothing about
# what is sought ("how do I", "what is the"). They are neither indexed nor looked for.
_STOP_WORDS_WRITTEN = {
    "ar": """
        في من إلى الى على عن مع هل ما ماذا كيف متى أين اين لماذا لم لن لا قد هذا هذه ذلك تلك
        التي الذي الذين اللذين اللتي هو هي هم هن أنا انا نحن أنت انت أنتم عند عندما كان كانت
        يكون أن ان إن أو او ثم بل كل بعض أي اي أيضا ايضا حتى إذا اذا لكن لي له لها لهم لنا بها
        به فيه فيها منه منها عليه عليها إليه يا ماذا هناك هنا غير بين قبل بعد ذات كم
        أريد اريد ممكن يمكن يجب أستطيع استطيع أفعل افعل أعمل اعمل
    """,
    "ur": """
        کا کی کے میں سے کو ہے ہیں تھا تھی تھے اور یہ وہ کیا کیسے کہاں کب کیوں پر نے بھی تو ہو
        ہوں ایک اس ان جو کہ یا مجھے ہم آپ میرا میری میرے مگر لیکن کر کرنا کرتا کرتے
    """,
    "en": """
        a an the and or but of in on at to for from by with about as is are was were be been
        being do does did how what when where which who whom why this that these those it its
        i me my we our you your he she they them their can could should would will shall may
        must if then than so not no there here have has had any some into out up
    """,
    "tr": """
        ve veya ile bir bu şu o da de ki mi mı mu mü ne nasıl neden niçin nerede nereye ne zaman
        hangi için gibi kadar daha en çok az ben sen biz siz onlar bunu şunu onu var yok ama
        fakat ise eğer her bazı
    """,
    "ms": """
        dan atau yang di ke dari untuk dengan pada ini itu adalah ialah apa bagaimana mengapa
        kenapa bila bilakah di mana siapa saya kami kita anda awak dia mereka tidak bukan akan
        sudah telah boleh juga ada oleh kepada dalam
    """,
    "ha": """
        da a na ta ya su ne ce ko kuma amma wannan wancan wani wata waɗannan yaya ina me mene
        menene wane wace su wa yaushe don saboda idan ni kai ke shi ita mu ku sun za zan
        akwai babu ba
    """,
}
STOP_WORDS = {
    language: frozenset(words(written)) for language, written in _STOP_WORDS_WRITTEN.items()
}
_ARABIC_SCRIPT_STOP_WORDS = STOP_WORDS["ar"] | STOP_WORDS["ur"]


def is_stop_word(word: str, language: str) -> bool:
    """Arabic-script words are checked against the Arabic and Urdu lists in every language;
    Latin-script words against the list of ``language`` (English on Arabic and Urdu pages)."""
    if _ARABIC_SCRIPT.search(word):
        return word in _ARABIC_SCRIPT_STOP_WORDS
    latin = language if language in ("en", "tr", "ms", "ha") else "en"
    return word in STOP_WORDS[latin]


def index_terms(text: str, language: str) -> Counter:
    """The terms ``text`` is found under, with how often each occurs: the stems of its words
    other than stop words, and for a word with a hamza seat also the stem of the word as
    typed without the hamza."""
    counts: Counter = Counter()
    for word, term in _analysed(text, language):
        if not is_stop_word(word, language):
            counts[term] += 1
    seated = [w for w in text.split() if "\u0624" in w or "\u0626" in w]
    for word, term in _analysed(" ".join(seated).translate(_SEATLESS), language):
        if not is_stop_word(word, language):
            counts.setdefault(term, 1)
    return counts


@dataclass(frozen=True)
class QueryWord:
    """One word of a query: as folded, and the terms that count as finding it (its stem in
    the page's language and, for the Arabic originals shown on other pages, in Arabic)."""

    word: str
    terms: frozenset[str]

    @property
    def prefix(self) -> str:
        """What a partial word matches the start of: the stem, if long enough to mean
        something (two letters in Arabic script, three in Latin), else nothing."""
        shortest = min(self.terms, key=len)
        needed = 2 if _ARABIC_SCRIPT.search(shortest) else 3
        return shortest if len(shortest) >= needed else ""


@dataclass(frozen=True)
class Query:
    """A parsed query: its words (distinct, stop words left out unless the query has
    nothing else), at most ``limit`` of them."""

    text: str
    words: tuple[QueryWord, ...] = field(default_factory=tuple)

    def __bool__(self) -> bool:
        return bool(self.words)

    @property
    def terms(self) -> frozenset[str]:
        return frozenset().union(*(word.terms for word in self.words))


@lru_cache(maxsize=4_096)
def parse_query(text: str, language: str, *, limit: int = 8) -> Query:
    """``text`` as the words and terms search looks for on a page in ``language``
    (remembered: people search the same words again, and page through the results)."""
    analysed = dict(_written_words(text))
    meaningful = [word for word in analysed if not is_stop_word(word, language)] or list(analysed)
    languages = dict.fromkeys([language, "ar"])
    parsed = tuple(
        QueryWord(word, frozenset(stem(analysed[word], lang) for lang in languages))
        for word in meaningful[:limit]
    )
    return Query(text=text, words=parsed)


def _written_words(text: str) -> list[tuple[str, str]]:
    """(folded word, word as written) for each word of ``text``, first spelling kept."""
    pairs: dict[str, str] = {}
    for match in _WRITTEN_WORD.finditer(text or ""):
        written = match.group().strip("'\u2019\u02bc")
        for word in words(written):
            pairs.setdefault(word, written if word == fold(written) else word)
    return list(pairs.items())


@lru_cache(maxsize=65_536)
def _variants(written: str, language: str) -> frozenset[str]:
    """The stems a written word may be found under on a page in ``language``."""
    written = written.strip("'\u2019\u02bc")
    if not words(written):
        return frozenset()
    return frozenset({stem(written, language), stem(written, "ar")})


def matches(word: str, query: Query, language: str) -> bool:
    """Whether a written word of a result is one the query looked for (for highlighting)."""
    return _matcher(query, language)(word)


@lru_cache(maxsize=64)
def _matcher(query: Query, language: str):
    """``matches`` for one query, remembering its answer for each word (results repeat
    their words, and one page shows many results): the query's terms and prefixes are
    gathered once."""
    terms = query.terms
    prefixes = tuple(word.prefix for word in query.words if word.prefix)
    answers: dict[str, bool] = {}

    def match(word: str) -> bool:
        answer = answers.get(word)
        if answer is None:
            variants = _variants(word, language)
            answer = not variants.isdisjoint(terms) or any(
                variant.startswith(prefixes) for variant in variants
            )
            if len(answers) < 4_096:
                answers[word] = answer
        return answer

    return match


def snippet(text: str, query: Query, language: str, *, length: int = 240) -> SafeString:
    """About ``length`` characters of plain ``text`` around its first matched word, HTML
    escaped, each matched word in ``<mark>``; the start of the text if nothing matches."""
    text = " ".join(text.split())
    if not text:
        return mark_safe("")  # noqa: S308 - empty
    found = []
    matched = _matcher(query, language)
    for match in _WRITTEN_WORD.finditer(text):
        if found and match.start() > found[0].start() + length:
            break  # past the window shown
        if matched(match.group()):
            found.append(match)
    start = 0
    if found and found[0].start() > length // 3:
        start = text.rfind(" ", 0, found[0].start() - length // 3) + 1
    end = min(len(text), start + length)
    if end < len(text):
        end = max(text.rfind(" ", start, end), found[0].end() if found else 0) or end
    parts = ["\u2026 " if start else ""]
    position = start
    for match in found:
        if match.start() < start or match.end() > end:
            continue
        parts.append(html.escape(text[position : match.start()]))
        parts.append(f"<mark>{html.escape(match.group())}</mark>")
        position = match.end()
    parts.append(html.escape(text[position:end]))
    parts.append(" \u2026" if end < len(text) else "")
    return mark_safe("".join(parts))  # noqa: S308 - every piece of text is escaped above


# A word matched only as the start of a longer one counts this much of a whole word.
PARTIAL_WEIGHT = 1 / 3


def inverse_document_frequency(total: int, documents: int) -> float:
    """BM25's weight of a term found in ``documents`` of ``total`` documents."""
    return math.log(1 + (total - documents + 0.5) / (documents + 0.5))


def _prefix_sql(prefix: str) -> tuple[str, list]:
    """The rows of a term index (a ``term`` column with its lookup index) whose term starts
    with ``prefix``, as SQL that reads one range of that index on either database."""
    if connection.vendor == "postgresql":
        # LIKE 'x%' reads the index, whose operator class on ``term`` is a pattern one.
        return "term LIKE %s", [connection.ops.prep_for_like_query(prefix) + "%"]
    # SQLite compares by code point, so a prefix is a range of the index on ``term``.
    return "(term >= %s AND term < %s)", [prefix, prefix + "\U0010ffff"]


def _in_sql(terms) -> tuple[str, list]:
    terms = sorted(terms)
    return f"term IN ({', '.join(['%s'] * len(terms))})", terms


def matching_term_rows(
    query: Query,
    *,
    table: str,
    columns: tuple[str, ...],
    where: tuple[str, list],
    idfs: list[float],
    title: str = "",
) -> tuple[str, list]:
    """SQL (and its parameters) for the rows of the term index ``table`` that match a word
    of ``query`` and ``where`` (a condition on the table's columns), for a ranking to group.

    Each row holds ``columns``, then per word of the query ``word_<n>``: 0 if the row does
    not match the word, 1 if it does, 2 if it holds the word whole where the boolean column
    ``title`` is set; then ``score``: the row's ``weight`` times the ``idfs`` of the first
    word it holds whole, else that of the first word it starts, times ``PARTIAL_WEIGHT``.
    So ``(MAX(word_n) + 1) / 2`` says whether a group holds the word (``found_sql``) and
    ``MAX(word_n) / 2`` whether its title does (``title_words_sql``).

    One SELECT per word, joined by UNION ALL: each reads one range of the index alone and
    leaves out the rows of the words before it, so a row is read once (an OR of ranges
    would make PostgreSQL visit the table). The index is to cover ``columns``, ``weight``,
    ``title`` and what ``where`` reads, so that the search reads the index alone."""
    exact, matched = [], []
    for word in query.words:
        exact.append(_in_sql(word.terms))
        if word.prefix:
            # The range of a prefix holds the word itself; a stem outside it is added.
            partial, params = _prefix_sql(word.prefix)
            outside = [term for term in word.terms if not term.startswith(word.prefix)]
            if outside:
                in_sql, in_params = _in_sql(outside)
                partial, params = f"({partial} OR {in_sql})", [*params, *in_params]
            matched.append((partial, params))
        else:
            matched.append(exact[-1])
    where_sql, where_params = where
    branches, params = [], []
    for number in range(len(query.words)):
        selected, selected_params = list(columns), []
        for other in range(len(query.words)):
            sql, other_params = exact[other]
            in_title = f"WHEN {sql} AND {title} THEN 2 " if title else ""
            in_title_params = other_params if title else []
            if other < number:
                # The rows of the words before are left out of this branch.
                expression, expression_params = "0", []
            elif other == number:
                expression = f"CASE {in_title}ELSE 1 END" if title else "1"
                expression_params = in_title_params
            else:
                match_sql, match_params = matched[other]
                expression = f"CASE {in_title}WHEN {match_sql} THEN 1 ELSE 0 END"
                expression_params = [*in_title_params, *match_params]
            selected.append(f"{expression} AS word_{other}")
            selected_params += expression_params
        whole = []
        for other in range(number, len(query.words)):
            sql, other_params = exact[other]
            whole.append(f"WHEN {sql} THEN weight * %s ")
            selected_params += [*other_params, idfs[other]]
        # Each weight times a constant: PostgreSQL reads the constant as a decimal, which
        # it would convert on every row if the CASE chose it.
        selected.append(f"CASE {''.join(whole)}ELSE weight * %s END AS score")
        selected_params.append(idfs[number] * PARTIAL_WEIGHT)
        conditions, condition_params = [matched[number][0]], list(matched[number][1])
        for sql, before_params in matched[:number]:
            conditions.append(f"NOT {sql}")
            condition_params += before_params
        if where_sql:
            conditions.append(f"({where_sql})")
            condition_params += where_params
        branches.append(
            f"SELECT {', '.join(selected)} FROM {table} "  # noqa: S608 - values are parameters
            f"WHERE {' AND '.join(conditions)}"
        )
        params += [*selected_params, *condition_params]
    return " UNION ALL ".join(branches), params


def found_sql(query: Query) -> str:
    """How many words of ``query`` a group of ``matching_term_rows`` holds."""
    return " + ".join(f"(MAX(word_{n}) + 1) / 2" for n in range(len(query.words)))


def title_words_sql(query: Query) -> str:
    """How many words of ``query`` a group of ``matching_term_rows`` holds in its title."""
    return " + ".join(f"MAX(word_{n}) / 2" for n in range(len(query.words)))


def where_sql(queryset) -> tuple[str, list]:
    """The WHERE condition of ``queryset`` (a filter on one table, no joins) as SQL on the
    table's own columns, and its parameters, for ``matching_term_rows``."""
    query = queryset.query
    compiler = query.get_compiler(using=queryset.db)
    sql, params = compiler.compile(query.where)
    if any(count for alias, count in query.alias_refcount.items() if alias != query.base_table):
        raise ValueError("the filter of a term index must not join other tables")
    return sql, list(params)


# The document frequencies of a query's terms change little from one article or post to
# the next: they are kept a while, and forgotten when the index is rebuilt.
FREQUENCIES_TIMEOUT = 600


def _generation_key(namespace: str) -> str:
    return f"search:{namespace}:generation"


def cached_frequencies(namespace: str, terms, count) -> dict[str, int]:
    """``count(terms)`` (a mapping of term to number of documents holding it), from the
    cache when the same terms were counted in ``namespace`` since it last changed
    (``frequencies_changed``) and less than ``FREQUENCIES_TIMEOUT`` seconds ago."""
    terms = sorted(terms)
    generation = cache.get(_generation_key(namespace))
    if generation is None:
        generation = uuid.uuid4().hex
        cache.add(_generation_key(namespace), generation, None)
        generation = cache.get(_generation_key(namespace), generation)
    digest = hashlib.blake2b("\n".join(terms).encode(), digest_size=16).hexdigest()
    key = f"search:{namespace}:frequencies:{generation}:{digest}"
    frequencies = cache.get(key)
    if frequencies is None:
        frequencies = count(terms)
        cache.set(key, frequencies, FREQUENCIES_TIMEOUT)
    return frequencies


def frequencies_changed(namespace: str) -> None:
    """Forget the document frequencies counted in ``namespace``: now, and again when the
    transaction commits, so that no count read before the commit outlives it."""

    def forget():
        cache.set(_generation_key(namespace), uuid.uuid4().hex, None)

    forget()
    transaction.on_commit(forget)

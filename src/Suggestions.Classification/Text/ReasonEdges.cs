namespace Suggestions.Classification.Text;

/// <summary>
/// Where a reason begins and ends. The model's reason candidates are character n-grams and lexicon terms, and n-gram
/// edges fall anywhere: "交通拥" for 交通拥堵, "的理发店", "户都不". A reviewer reads words, so the edges move:
/// <list type="number">
/// <item>grammar words at an edge are dropped — particles, pronouns, demonstratives, prepositions, conjunctions and
/// a few adverbs (的 了 我们 这个 请问 在 把 都 也 …; 两个/几个 at the end), and at the start the words of a request
/// (建议 希望 恳请 呼吁 请求) — unless a lexicon term found in the text starts (or ends) right there;</item>
/// <item>a lexicon term found in the text that the reason cuts is taken in whole (交通拥 → 交通拥堵, 水务公 →
/// 水务公司), as long as the phrase stays within <see cref="MaxPhrase"/> characters;</item>
/// <item>an edge that falls between two characters the corpus binds strongly (a word's inside by the model's own
/// statistics, <see cref="IWordBonds"/>: 建|议, 通|知, 小|卖) moves off it — out by one character when the new edge is
/// free and the phrase stays within <see cref="MaxPhrase"/> (发个通 → 发个通知, 民小 → 居民小区), otherwise in (议在芦 →
/// 在芦 → nothing to show) — unless a lexicon term found in the text starts (or ends) right there;</item>
/// <item>grammar words are dropped once more at the new edges.</item>
/// </list>
/// A reason of fewer than two characters is not shown: a single character (大, 客, 便) is not something a reviewer can
/// read as a reason. The lists are words of the language, not of any text; they never change the answer,
/// only how its reasons read.
/// </summary>
internal static class ReasonEdges
{
    /// <summary>The longest phrase shown as one reason.</summary>
    public const int MaxPhrase = 8;

    /// <summary>Grammar words that do not begin a reason.</summary>
    private static readonly string[] LeadingWords =
    [
        "请问", "这个", "那个", "这些", "那些", "这种", "那种", "这样", "那样", "这边", "那边", "这里", "那里",
        "我们", "你们", "他们", "她们", "咱们", "就是", "还是", "但是", "而且", "并且", "或者", "因为", "所以",
        "如果", "对于", "关于", "由于",

        // The words of a request: what is asked for, not why it belongs to an area (建议人社部门 reads as 人社部门).
        "建议", "希望", "恳请", "呼吁", "请求",
    ];

    /// <summary>The first characters of <see cref="LeadingWords"/> (a quick test before the list is searched).</summary>
    private static readonly string LeadingWordStarts = string.Concat(LeadingWords.Select(w => w[0]).Distinct());

    /// <summary>Grammar words that do not end a reason.</summary>
    private static readonly string[] TrailingWords =
    [
        "是不是", "有没有", "能不能", "可不可以", "就是", "还是", "的话", "一下", "这个", "那个", "这些", "那些", "这里", "那里",
    ];

    /// <summary>The last characters of <see cref="TrailingWords"/>.</summary>
    private static readonly string TrailingWordEnds = string.Concat(TrailingWords.Select(w => w[^1]).Distinct());

    /// <summary>
    /// Single characters that do not begin a reason: particles, pronouns, demonstratives, prepositions, conjunctions,
    /// the measure word 个. Not 就 (就业, 就医), 对 (对面), 从 (从业), 给 (给水), 地 (地铁): they begin words of content.
    /// </summary>
    private const string LeadingChars = "的了吗呢吧啊呀哦嘛在把被和与跟及或向往于将都也又再很最是我你他她它们这那请让并而但却之其该此各些个";

    /// <summary>Single characters that do not end a reason (不/没 too: "户都不", "有没"). Not 地 (工地), 才 (人才), 着 (睡不着).</summary>
    private const string TrailingChars = "的得了吗呢吧啊呀哦嘛在把被和与跟及或从往于将都也就还又再很太最是我你他她它这那让并而但却因之其该此每各些个不没";

    /// <summary>Personal pronouns: a lexicon term that begins with one (the first-person cues 我家, 我的) protects no edge.</summary>
    private const string Pronouns = "我你他她它咱";

    /// <summary>Numerals before a trailing measure word 个 (两个, 三个, 几个).</summary>
    private const string Numerals = "一二两三四五六七八九十几百千万";

    /// <summary>
    /// Moves the reason [<paramref name="start"/>, <paramref name="end"/>) of <paramref name="text"/> to word edges,
    /// given the lexicon terms found in the text (their starts and lengths). Returns false when nothing worth showing
    /// is left.
    /// </summary>
    public static bool Snap(ReadOnlySpan<char> text, ref int start, ref int end, ReadOnlySpan<int> termStart, ReadOnlySpan<int> termLength)
    {
        var none = default(NoBonds);
        return Snap(text, ref start, ref end, termStart, termLength, ref none);
    }

    /// <summary>
    /// <see cref="Snap(ReadOnlySpan{char}, ref int, ref int, ReadOnlySpan{int}, ReadOnlySpan{int})"/>, with edges also moved
    /// off the insides of words that <paramref name="bonds"/> tells apart.
    /// </summary>
    public static bool Snap<TBonds>(ReadOnlySpan<char> text, ref int start, ref int end, ReadOnlySpan<int> termStart, ReadOnlySpan<int> termLength, ref TBonds bonds)
        where TBonds : struct, IWordBonds
    {
        Trim(text, ref start, ref end, termStart, termLength);
        if (end > start)
        {
            Widen(ref start, ref end, termStart, termLength);
            if (!double.IsNaN(bonds.Threshold))
            {
                Unbind(text, ref start, ref end, termStart, termLength, ref bonds);
            }

            Trim(text, ref start, ref end, termStart, termLength);
        }

        return end - start >= 2;
    }

    /// <summary>
    /// Moves edges that fall inside a bound pair of characters: at the start, when the pair across the edge is bound and
    /// binds more strongly than the phrase's own first pair (the first character belongs to the word before); at the end
    /// likewise. Out by one character when the edge there is free and the phrase stays short, otherwise in. A few rounds
    /// at most: each move can expose the next pair.
    /// </summary>
    private static void Unbind<TBonds>(ReadOnlySpan<char> text, ref int start, ref int end, ReadOnlySpan<int> termStart, ReadOnlySpan<int> termLength, ref TBonds bonds)
        where TBonds : struct, IWordBonds
    {
        for (var round = 0; round < 4 && end - start >= 2; round++)
        {
            var moved = false;
            var across = start > 0 ? bonds.Strength(start) : double.NegativeInfinity;
            if (across >= bonds.Threshold && across >= bonds.Strength(start + 1)
                && !ContentTermAt(text, start, termStart, termLength, atEnd: false))
            {
                start += (start == 1 || bonds.Strength(start - 1) < bonds.Threshold) && end - start + 1 <= MaxPhrase ? -1 : 1;
                moved = true;
            }

            across = end < text.Length && end - start >= 2 ? bonds.Strength(end) : double.NegativeInfinity;
            if (across >= bonds.Threshold && across >= bonds.Strength(end - 1)
                && !ContentTermAt(text, end, termStart, termLength, atEnd: true))
            {
                end += (end + 1 == text.Length || bonds.Strength(end + 1) < bonds.Threshold) && end - start + 1 <= MaxPhrase ? 1 : -1;
                moved = true;
            }

            if (!moved)
            {
                break;
            }
        }
    }

    private static void Widen(ref int start, ref int end, ReadOnlySpan<int> termStart, ReadOnlySpan<int> termLength)
    {
        for (var changed = true; changed;)
        {
            changed = false;
            for (var t = 0; t < termStart.Length; t++)
            {
                var (s, e) = (termStart[t], termStart[t] + termLength[t]);
                var cuts = s < end && start < e && (s < start || e > end);
                if (cuts && Math.Max(end, e) - Math.Min(start, s) <= MaxPhrase)
                {
                    (start, end) = (Math.Min(start, s), Math.Max(end, e));
                    changed = true;
                }
            }
        }
    }

    private static void Trim(ReadOnlySpan<char> text, ref int start, ref int end, ReadOnlySpan<int> termStart, ReadOnlySpan<int> termLength)
    {
        // The grammar test first: most edges are not grammar, and then the terms need not be looked at.
        while (end > start)
        {
            var cut = Leading(text[start..end]);
            if (cut == 0 || ContentTermAt(text, start, termStart, termLength, atEnd: false))
            {
                break;
            }

            start += cut;
        }

        while (end > start)
        {
            var cut = Trailing(text[start..end]);
            if (cut == 0 || ContentTermAt(text, end, termStart, termLength, atEnd: true))
            {
                break;
            }

            end -= cut;
        }
    }

    private static int Leading(ReadOnlySpan<char> phrase)
    {
        if (!LeadingChars.Contains(phrase[0], StringComparison.Ordinal) && !LeadingWordStarts.Contains(phrase[0], StringComparison.Ordinal))
        {
            return 0;
        }

        var word = LeadingWord(phrase);
        return word > 0 ? word : LeadingChars.Contains(phrase[0], StringComparison.Ordinal) ? 1 : 0;
    }

    /// <summary>The length of the grammar word of <see cref="LeadingWords"/> that <paramref name="phrase"/> begins with, or 0.</summary>
    private static int LeadingWord(ReadOnlySpan<char> phrase)
    {
        foreach (var word in LeadingWords)
        {
            if (phrase.StartsWith(word, StringComparison.Ordinal))
            {
                return word.Length;
            }
        }

        return 0;
    }

    private static int Trailing(ReadOnlySpan<char> phrase)
    {
        var last = phrase[^1];
        if (!TrailingChars.Contains(last, StringComparison.Ordinal) && !TrailingWordEnds.Contains(last, StringComparison.Ordinal))
        {
            return 0;
        }

        foreach (var word in TrailingWords)
        {
            if (phrase.EndsWith(word, StringComparison.Ordinal))
            {
                return word.Length;
            }
        }

        if (last == '个' && phrase.Length >= 2 && Numerals.Contains(phrase[^2], StringComparison.Ordinal))
        {
            return 2;
        }

        return TrailingChars.Contains(last, StringComparison.Ordinal) ? 1 : 0;
    }

    /// <summary>
    /// Whether a lexicon term found in the text starts at <paramref name="position"/> (or, <paramref name="atEnd"/>, ends
    /// there) and is a word of content: 就业 keeps its 就, 个体户 its 个, 黑摩的 its 的. A term that itself begins with a
    /// pronoun or a grammar word (the first-person cues 我家, 我的, 我们家) protects nothing.
    /// </summary>
    private static bool ContentTermAt(ReadOnlySpan<char> text, int position, ReadOnlySpan<int> termStart, ReadOnlySpan<int> termLength, bool atEnd)
    {
        for (var t = 0; t < termStart.Length; t++)
        {
            var at = atEnd ? termStart[t] + termLength[t] : termStart[t];
            if (at == position && !StartsGrammatically(text.Slice(termStart[t], termLength[t])))
            {
                return true;
            }
        }

        return false;
    }

    private static bool StartsGrammatically(ReadOnlySpan<char> term) =>
        LeadingWord(term) > 0 || Pronouns.Contains(term[0], StringComparison.Ordinal);

    /// <summary>No bonds: edges move only for grammar words and lexicon terms.</summary>
    private readonly struct NoBonds : IWordBonds
    {
        public double Threshold => double.NaN;

        public double Strength(int position) => double.NegativeInfinity;
    }
}

/// <summary>
/// How strongly the two characters on either side of a position of a text belong together — the inside of a word or a
/// boundary between two — as learnt from a corpus (<see cref="NgramClassifier"/>: the document frequencies its
/// vocabulary keeps). A position is bound — inside a word — when its <see cref="Strength"/> reaches <see cref="Threshold"/>.
/// </summary>
internal interface IWordBonds
{
    /// <summary>The <see cref="Strength"/> from which a pair is a word's inside; NaN: no bonds (edges never move for them).</summary>
    double Threshold { get; }

    /// <summary>
    /// The bond between the characters at <paramref name="position"/> − 1 and <paramref name="position"/>, on a log scale
    /// (higher binds more); negative infinity at either end of the text, next to a character that is not Chinese, or for a pair
    /// the corpus does not know.
    /// </summary>
    double Strength(int position);
}


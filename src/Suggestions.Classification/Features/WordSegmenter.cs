using System.Buffers;

namespace Suggestions.Classification.Features;

/// <summary>
/// Splits a run of letters and digits into dictionary words along the most probable path (each word's probability its
/// relative frequency in a general corpus; a character the dictionary lacks counts as a word seen once), and reports the
/// words of at least <see cref="MinLength"/> characters as features of their own (hashed apart from character n-grams,
/// so the word 路灯 is not the bigram 路灯). Lookups go by the same incremental hash as n-grams: no strings.
/// </summary>
internal sealed class WordSegmenter
{
    /// <summary>Where word hashes start: a word's feature is not the n-gram of the same characters.</summary>
    public static readonly ulong WordSeed = NGramHash.Extend(NGramHash.Seed, '\u0001');

    /// <summary>The longest word reported (the inference sink packs a span's length into three bits).</summary>
    public const int MaxReportedLength = 7;

    private readonly Dictionary<ulong, float> _logProbability;
    private readonly HashSet<ulong> _prefixes;
    private readonly float _unknown;
    private readonly int _maxLength;

    public WordSegmenter(IEnumerable<(string Word, long Count)> words, int minLength)
    {
        ArgumentNullException.ThrowIfNull(words);
        var counts = new Dictionary<ulong, long>();
        _prefixes = [];
        foreach (var (word, count) in words)
        {
            if (word.Length == 0 || count <= 0)
            {
                continue;
            }

            var hash = NGramHash.Seed;
            foreach (var c in word)
            {
                hash = NGramHash.Extend(hash, c);
                _prefixes.Add(hash);
            }

            counts[hash] = counts.GetValueOrDefault(hash) + count;
            _maxLength = Math.Max(_maxLength, word.Length);
        }

        var logTotal = Math.Log(Math.Max(1, counts.Values.Sum()));
        _logProbability = counts.ToDictionary(kv => kv.Key, kv => (float)(Math.Log(kv.Value) - logTotal));
        _unknown = (float)-logTotal;
        MinLength = Math.Max(1, minLength);
        Count = counts.Count;
    }

    public int MinLength { get; }

    public int Count { get; }

    /// <summary>Reads a dictionary in jieba's format: one <c>word count [tag]</c> per line.</summary>
    public static IEnumerable<(string Word, long Count)> ReadDictionary(TextReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        while (reader.ReadLine() is { } line)
        {
            var parts = line.Trim().TrimStart('\uFEFF').Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length >= 2 && long.TryParse(parts[1], out var count))
            {
                yield return (Text.TextNormalizer.Normalize(parts[0]), count);
            }
        }
    }

    private static WordSegmenter? s_environment;

    /// <summary>The dictionary named by <c>SUGGESTIONS_WORDS</c> (experiment wiring).</summary>
    public static WordSegmenter FromEnvironment(int minLength)
    {
        var path = Environment.GetEnvironmentVariable("SUGGESTIONS_WORDS")
            ?? throw new InvalidOperationException("The model reads words, and SUGGESTIONS_WORDS names no dictionary.");
        var cached = s_environment;
        if (cached is not null && cached.MinLength == minLength)
        {
            return cached;
        }

        using var reader = File.OpenText(path);
        return s_environment = new WordSegmenter(ReadDictionary(reader).ToList(), minLength);
    }

    /// <summary>The words of <paramref name="text"/> (a run of letters and digits), as (start, length).</summary>
    public IReadOnlyList<(int Start, int Length)> Segment(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var take = new int[text.Length + 1];
        Split(text, 0, text.Length, take);
        var words = new List<(int, int)>();
        for (var i = 0; i < text.Length; i += take[i])
        {
            words.Add((i, take[i]));
        }

        return words;
    }

    /// <summary>Segments <c>text[start..end)</c> and reports its words of <see cref="MinLength"/> or more characters.</summary>
    public void Emit<TSink>(ReadOnlySpan<char> text, int start, int end, ref TSink sink)
        where TSink : struct, IScanSink
    {
        var n = end - start;
        if (n < MinLength)
        {
            return;
        }

        int[]? rented = null;
        Span<int> take = n <= 256 ? stackalloc int[n + 1] : (rented = ArrayPool<int>.Shared.Rent(n + 1));
        try
        {
            Split(text, start, end, take);
            for (var i = 0; i < n; i += take[i])
            {
                var len = take[i];
                if (len >= MinLength && len <= MaxReportedLength)
                {
                    var hash = WordSeed;
                    for (var q = start + i; q < start + i + len; q++)
                    {
                        hash = NGramHash.Extend(hash, text[q]);
                    }

                    sink.NGram(hash, start + i, len);
                }
            }
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<int>.Shared.Return(rented);
            }
        }
    }

    /// <summary>
    /// The most probable split of <c>text[start..end)</c>, right to left: <paramref name="take"/>[i] is the length of the
    /// word starting at offset i of the best split of the rest.
    /// </summary>
    private void Split(ReadOnlySpan<char> text, int start, int end, Span<int> take)
    {
        var n = end - start;
        float[]? rented = null;
        Span<float> best = n <= 256 ? stackalloc float[n + 1] : (rented = ArrayPool<float>.Shared.Rent(n + 1));
        best[n] = 0;
        for (var i = n - 1; i >= 0; i--)
        {
            var hash = NGramHash.Seed;
            var bestScore = float.NegativeInfinity;
            var bestLength = 1;
            var limit = Math.Min(n - i, _maxLength);
            for (var len = 1; len <= limit; len++)
            {
                hash = NGramHash.Extend(hash, text[start + i + len - 1]);
                var known = _logProbability.TryGetValue(hash, out var p);
                if (known || len == 1)
                {
                    var score = (known ? p : _unknown) + best[i + len];
                    if (score > bestScore)
                    {
                        (bestScore, bestLength) = (score, len);
                    }
                }

                if (!_prefixes.Contains(hash))
                {
                    break;
                }
            }

            best[i] = bestScore;
            take[i] = bestLength;
        }

        if (rented is not null)
        {
            ArrayPool<float>.Shared.Return(rented);
        }
    }
}

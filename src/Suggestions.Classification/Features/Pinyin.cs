namespace Suggestions.Classification.Features;

/// <summary>
/// The toneless Mandarin syllable of each Chinese character (<c>Text/pinyin.txt</c>: one syllable per line, then
/// every character read that way; the first reading of the Unicode Character Database's Unihan <c>kMandarin</c>
/// field, for the 26,676 characters of the CJK Unified Ideographs block and Extension A, tone marks removed, ü written v).
/// Pinyin n-grams let a text be read by its sound: 公叫车 (voice input) shares gong-jiao with 公交车, and a
/// character written wrong for its homophone still carries its word.
/// </summary>
internal static class Pinyin
{
    /// <summary>
    /// Pinyin n-grams are hashed from their own seed (a non-character no text run can contain), over one
    /// private-use character per syllable, so they never meet a character n-gram's hash by construction.
    /// </summary>
    private static readonly ulong Seed = NGramHash.Extend(NGramHash.Seed, '\uFFFE');

    private const char FirstToken = '\uE000';

    // Syllable number + 1 per UTF-16 code unit (0: no reading). 128 KiB, read once.
    private static readonly (ushort[] Table, string[] Names) Data = Load();

    private static readonly ushort[] SyllableOf = Data.Table;

    private static readonly string[] Names = Data.Names;

    /// <summary>How many distinct syllables the table holds.</summary>
    public static int SyllableCount => Names.Length;

    /// <summary>The syllable of <paramref name="c"/> (e.g. "gong"), or null when it is not a Chinese character with a reading.</summary>
    public static string? Of(char c) => SyllableOf[c] == 0 ? null : Names[SyllableOf[c] - 1];

    /// <summary>The syllable number of <paramref name="c"/> + 1; 0 when it has none.</summary>
    public static int Code(char c) => SyllableOf[c];

    /// <summary>The hash of the syllable bigram of two characters' codes (both non-zero).</summary>
    public static ulong BigramHash(int first, int second) =>
        NGramHash.Extend(NGramHash.Extend(Seed, (char)(FirstToken + first)), (char)(FirstToken + second));

    /// <summary>Adds the hash of every syllable bigram of adjacent characters in <paramref name="text"/>.</summary>
    public static void CollectBigrams(ReadOnlySpan<char> text, HashSet<ulong> hashes)
    {
        for (var i = 0; i + 1 < text.Length; i++)
        {
            var (a, b) = (Code(text[i]), Code(text[i + 1]));
            if (a != 0 && b != 0)
            {
                hashes.Add(BigramHash(a, b));
            }
        }
    }

    private static (ushort[] Table, string[] Names) Load()
    {
        using var stream = typeof(Pinyin).Assembly.GetManifestResourceStream("Suggestions.Classification.Text.pinyin.txt")
            ?? throw new InvalidOperationException("The pinyin table is not embedded in the library.");
        using var reader = new StreamReader(stream);
        var table = new ushort[char.MaxValue + 1];
        var list = new List<string>();
        while (reader.ReadLine() is { } line)
        {
            var tab = line.IndexOf('\t');
            if (tab <= 0)
            {
                continue;
            }

            list.Add(line[..tab]);
            foreach (var c in line.AsSpan(tab + 1))
            {
                table[c] = (ushort)list.Count;
            }
        }

        return (table, [.. list]);
    }
}

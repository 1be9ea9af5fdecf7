using Suggestions.Classification.Features;
using Suggestions.Classification.Text;

namespace Suggestions.Classification;

/// <summary>
/// PILOT (twenty-second session, not kept): word classes from a thesaurus in the layout of the extended Tongyici Cilin
/// (同义词词林扩展版, shipped as Resources/cn_synonym.txt in the jieba.NET 0.42.2 package): one line per atomic class,
/// <c>Bo21A26# 汽车 公共汽车 …</c>, the code's prefixes naming ever broader classes. Each class at the chosen depth
/// becomes one lexicon group (<c>sem:Bo21A</c>).
/// </summary>
public static class SemanticClasses
{
    public const string Prefix = "sem:";

    public static bool IsSemanticGroup(LexiconGroup group)
    {
        ArgumentNullException.ThrowIfNull(group);
        return group.Name.StartsWith(Prefix, StringComparison.Ordinal);
    }

    public static IReadOnlyList<LexiconGroup> Load(string path, int codeLength, int minWordLength = 2, int minTerms = 2)
    {
        if (codeLength is not (1 or 2 or 4 or 5 or 7))
        {
            throw new ArgumentOutOfRangeException(nameof(codeLength), codeLength, "A class code is cut to 1, 2, 4, 5 or 7 characters.");
        }

        var classes = new SortedDictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        foreach (var line in File.ReadLines(path))
        {
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (parts.Length < 2 || parts[0].Length < 8 || !char.IsAsciiLetterUpper(parts[0][0]))
            {
                continue;
            }

            var code = parts[0][..codeLength];
            if (!classes.TryGetValue(code, out var words))
            {
                classes[code] = words = new SortedSet<string>(StringComparer.Ordinal);
            }

            foreach (var raw in parts.AsSpan(1))
            {
                var word = TextNormalizer.Normalize(raw);
                if (word.Length >= minWordLength && word.All(char.IsLetterOrDigit))
                {
                    words.Add(word);
                }
            }
        }

        return [.. classes.Where(kv => kv.Value.Count >= minTerms).Select(kv => new LexiconGroup(Prefix + kv.Key, [.. kv.Value]))];
    }
}

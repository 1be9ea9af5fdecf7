namespace Suggestions.Classification;

/// <summary>
/// Finds the district a text names. The list is configuration (another city next year); each name also
/// matches its short form without the administrative suffix (芦淞区 → 芦淞), which residents often write.
/// </summary>
public sealed class DistrictDetector
{
    // Zones are named after the city (株洲经开区): stripping their suffix would leave the city's own name,
    // which every text may mention. Their short forms must be given as explicit aliases.
    private static readonly string[] ZoneSuffixes = ["示范区", "经开区", "高新区", "新区", "开发区"];
    private static readonly string[] Suffixes = ["区", "市", "县"];
    private readonly (string Alias, string District)[] _aliases;

    public DistrictDetector(IEnumerable<string> districts, IReadOnlyDictionary<string, string>? extraAliases = null)
    {
        ArgumentNullException.ThrowIfNull(districts);
        var aliases = new Dictionary<string, string>(StringComparer.Ordinal);
        var names = districts.ToList();
        foreach (var district in names)
        {
            aliases.TryAdd(district, district);
        }

        foreach (var district in names)
        {
            var shortForm = ShortForm(district);
            if (shortForm.Length >= 2)
            {
                aliases.TryAdd(shortForm, district);
            }
        }

        foreach (var (alias, district) in extraAliases ?? new Dictionary<string, string>())
        {
            aliases[alias] = district;
        }

        // Longest alias first, so "株洲经开区" wins over a shorter overlapping alias.
        _aliases = [.. aliases.Select(kv => (kv.Key, kv.Value)).OrderByDescending(a => a.Key.Length).ThenBy(a => a.Key, StringComparer.Ordinal)];
    }

    /// <summary>The districts of Zhuzhou (mission.md), the sample city.</summary>
    public static IReadOnlyList<string> Zhuzhou { get; } =
        ["荷塘区", "芦淞区", "石峰区", "天元区", "渌口区", "醴陵市", "攸县", "茶陵县", "炎陵县", "云龙示范区", "株洲经开区"];

    public static DistrictDetector ForZhuzhou() =>
        new(Zhuzhou, new Dictionary<string, string> { ["经开区"] = "株洲经开区", ["云龙"] = "云龙示范区" });

    /// <summary>
    /// The configured aliases that stand for a district not in <paramref name="districts"/> (a typo in configuration or on
    /// the command line), in the aliases' order; empty when every alias names a listed district.
    /// </summary>
    public static IReadOnlyList<KeyValuePair<string, string>> StrayAliases(IEnumerable<string> districts, IReadOnlyDictionary<string, string> aliases)
    {
        ArgumentNullException.ThrowIfNull(districts);
        ArgumentNullException.ThrowIfNull(aliases);
        var names = districts.ToHashSet(StringComparer.Ordinal);
        return [.. aliases.Where(a => !names.Contains(a.Value))];
    }

    /// <summary>Every alias the detector matches, with the district it stands for.</summary>
    public IReadOnlyList<(string Alias, string District)> Aliases => _aliases;

    /// <summary>The district named first in the text, or null.</summary>
    public string? Detect(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Detect(text.AsSpan());
    }

    /// <summary>The district named first in the text, or null; for callers holding normalised text in a buffer.</summary>
    public string? Detect(ReadOnlySpan<char> text)
    {
        string? best = null;
        var bestIndex = int.MaxValue;
        foreach (var (alias, district) in _aliases)
        {
            var index = text.IndexOf(alias, StringComparison.Ordinal);
            if (index >= 0 && index < bestIndex)
            {
                bestIndex = index;
                best = district;
            }
        }

        return best;
    }

    private static string ShortForm(string district)
    {
        if (ZoneSuffixes.Any(s => district.EndsWith(s, StringComparison.Ordinal)))
        {
            return district;
        }

        foreach (var suffix in Suffixes)
        {
            if (district.EndsWith(suffix, StringComparison.Ordinal) && district.Length > suffix.Length + 1)
            {
                return district[..^suffix.Length];
            }
        }

        return district;
    }
}

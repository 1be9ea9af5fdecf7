using Suggestions.Classification.Text;

namespace Suggestions.Classification;

/// <summary>
/// Word knowledge beyond the corpus: several hundred terms per area (facilities, services, problems,
/// bodies, policy names, residents' short forms), written for this project from general knowledge of
/// what each area's city departments handle — not from the training or development texts. It lives in
/// <c>Lexicon/&lt;category&gt;.txt</c> (one term per line, <c>#</c> comments), embedded in the library.
/// <see cref="CategoryLexicon"/> stays the small curated list; a term that is there, or that appears under
/// two areas here, is left out (a term that points two ways is no knowledge).
/// </summary>
public static class BroadLexicon
{
    private static readonly Lazy<IReadOnlyDictionary<string, IReadOnlyList<string>>> Loaded = new(() => Load(CategoryCodes.All, c => c, CategoryLexicon.Terms));

    private static readonly Lazy<IReadOnlyDictionary<string, IReadOnlyList<string>>> LoadedCues = new(() => Load([.. CueLexicon.Terms.Keys], CueFileName, CueLexicon.Terms));

    /// <summary>Terms per category code (normalised, de-duplicated; categories without a file are absent).</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> Terms => Loaded.Value;

    /// <summary>
    /// More criteria-cue words per cue group (<c>Lexicon/cue-&lt;name&gt;.txt</c> for <c>cue:&lt;name&gt;</c>):
    /// national policy, courts, other places and companies (remit), mega-projects (infeasible), one
    /// household's dispute. Terms already in <see cref="CueLexicon"/> or under two cues are left out.
    /// </summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> Cues => LoadedCues.Value;

    /// <summary>The file name (without extension) of a cue group's broad terms: <c>cue:remit</c> → <c>cue-remit</c>.</summary>
    public static string CueFileName(string cue) => cue.Replace(':', '-');

    /// <summary>Reads one lexicon file's lines: one term per line, blank lines and <c>#</c> comments skipped.</summary>
    public static IReadOnlyList<string> Parse(TextReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var terms = new List<string>();
        while (reader.ReadLine() is { } line)
        {
            var term = TextNormalizer.Normalize(line).Trim();
            if (term.Length > 0 && term[0] != '#')
            {
                terms.Add(term);
            }
        }

        return terms;
    }

    /// <summary>
    /// Combines per-category term lists: drops terms already in <paramref name="curated"/> (under any
    /// category), terms listed under two categories, and terms shorter than two characters.
    /// </summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> Combine(
        IReadOnlyDictionary<string, IReadOnlyList<string>> lists, IReadOnlyDictionary<string, IReadOnlyList<string>> curated)
    {
        ArgumentNullException.ThrowIfNull(lists);
        ArgumentNullException.ThrowIfNull(curated);
        var known = new HashSet<string>(curated.Values.SelectMany(t => t), StringComparer.Ordinal);
        var owners = lists
            .SelectMany(kv => kv.Value.Distinct(StringComparer.Ordinal).Select(term => (Term: term, Category: kv.Key)))
            .GroupBy(x => x.Term, StringComparer.Ordinal)
            .Where(g => g.Count() == 1 && g.Key.Length >= 2 && !known.Contains(g.Key))
            .ToDictionary(g => g.Key, g => g.Single().Category, StringComparer.Ordinal);
        var result = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var (category, terms) in lists)
        {
            result[category] = [.. terms.Distinct(StringComparer.Ordinal).Where(t => owners.TryGetValue(t, out var owner) && owner == category)];
        }

        return result;
    }

    /// <summary>Reads <c>&lt;category&gt;.txt</c> files from a directory (for trying another lexicon without a rebuild), combined like the embedded one.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> LoadDirectory(string directory) =>
        LoadDirectory(directory, CategoryCodes.All, c => c, CategoryLexicon.Terms);

    /// <summary>Reads <c>cue-&lt;name&gt;.txt</c> files from a directory, combined like the embedded <see cref="Cues"/>.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> LoadCueDirectory(string directory) =>
        LoadDirectory(directory, [.. CueLexicon.Terms.Keys], CueFileName, CueLexicon.Terms);

    private static IReadOnlyDictionary<string, IReadOnlyList<string>> LoadDirectory(
        string directory, IReadOnlyList<string> keys, Func<string, string> fileName, IReadOnlyDictionary<string, IReadOnlyList<string>> curated)
    {
        if (!Directory.Exists(directory))
        {
            throw new DirectoryNotFoundException($"Lexicon directory '{directory}' does not exist.");
        }

        Stream? Open(string key)
        {
            var path = Path.Combine(directory, fileName(key) + ".txt");
            return File.Exists(path) ? File.OpenRead(path) : null;
        }

        return Read(keys, Open, curated);
    }

    private static IReadOnlyDictionary<string, IReadOnlyList<string>> Load(
        IReadOnlyList<string> keys, Func<string, string> fileName, IReadOnlyDictionary<string, IReadOnlyList<string>> curated) =>
        Read(keys, key => typeof(BroadLexicon).Assembly.GetManifestResourceStream($"Suggestions.Classification.Lexicon.{fileName(key)}.txt"), curated);

    /// <summary>Parses the list of every key that has one (<paramref name="open"/> gives null otherwise), then combines them.</summary>
    private static IReadOnlyDictionary<string, IReadOnlyList<string>> Read(
        IReadOnlyList<string> keys, Func<string, Stream?> open, IReadOnlyDictionary<string, IReadOnlyList<string>> curated)
    {
        var lists = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var key in keys)
        {
            using var stream = open(key);
            if (stream is not null)
            {
                using var reader = new StreamReader(stream);
                lists[key] = Parse(reader);
            }
        }

        return Combine(lists, curated);
    }
}

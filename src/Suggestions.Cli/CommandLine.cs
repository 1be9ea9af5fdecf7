using Suggestions.Classification;
using Suggestions.Classification.Training;

namespace Suggestions.Cli;

/// <summary>"--name value" and "--flag" options; small enough not to need a parser package.</summary>
internal sealed class CommandLine
{
    private readonly Dictionary<string, string?> _options = new(StringComparer.Ordinal);
    private readonly HashSet<string> _asked = new(StringComparer.Ordinal);

    /// <summary>
    /// Reads the options. With <paramref name="known"/> (a verb's options, <see cref="CommandOptions"/>), a name outside it
    /// is refused at once, before any work: a misspelt option (--calibrate-onn) would otherwise be ignored without a word,
    /// and a three-minute training run would quietly leave out what was asked for.
    /// </summary>
    public static CommandLine Parse(string[] args, IReadOnlySet<string>? known = null, string? verb = null)
    {
        var line = new CommandLine();
        for (var i = 0; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal))
            {
                throw new ArgumentException($"Unexpected argument '{args[i]}'.");
            }

            var name = args[i][2..];
            if (known is not null && !known.Contains(name))
            {
                throw new ArgumentException(CommandOptions.Unknown(name, known, verb));
            }

            var hasValue = i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal);
            line._options[name] = hasValue ? args[++i] : null;
        }

        return line;
    }

    /// <summary>Every option name asked for so far, given or not (how <see cref="CommandOptions"/> learns the training options).</summary>
    public IReadOnlySet<string> Asked => _asked;

    public bool Has(string name)
    {
        _asked.Add(name);
        return _options.ContainsKey(name);
    }

    public string? Get(string name)
    {
        _asked.Add(name);
        return _options.GetValueOrDefault(name);
    }

    /// <summary>A switch: <c>--name</c> alone or <c>--name true</c> is on, <c>--name false</c> off, absent the default.</summary>
    public bool Flag(string name, bool fallback) => Has(name) ? Get(name) != "false" : fallback;

    public string Require(string name) =>
        Get(name) ?? throw new ArgumentException($"--{name} is required.");

    /// <summary>
    /// Where a model of <paramref name="version"/> goes: a folder (existing, or given with a trailing slash) gets a
    /// new file named after the version, so earlier models stay available for rollback; anything else is the file.
    /// </summary>
    public static string ModelOutputPath(string output, string version)
    {
        if (!Directory.Exists(output) && !output.EndsWith('/') && !output.EndsWith('\\'))
        {
            return output;
        }

        Directory.CreateDirectory(output);
        return Path.Combine(output, version + ".ngm");
    }

    /// <summary>--storage, or the app's own setting (AzureWebJobsStorage), or the local emulator.</summary>
    public string StorageConnection =>
        Get("storage") ?? Environment.GetEnvironmentVariable("AzureWebJobsStorage") ?? "UseDevelopmentStorage=true";

    /// <summary>--data, or the training corpus of the repository.</summary>
    public string TrainingDataPath => Get("data") ?? Path.Combine("data", "corpus", "train");

    /// <summary>Reads a corpus; lines that do not parse are reported on stderr and skipped.</summary>
    public static CorpusReadResult ReadCorpus(string path)
    {
        var corpus = CorpusReader.Read(path);
        foreach (var error in corpus.Errors)
        {
            Console.Error.WriteLine($"skipped {error}");
        }

        return corpus;
    }

    /// <summary>
    /// The districts given with --districts, or Zhuzhou's (mission.md). The value is a file with one entry per line
    /// (# starts a comment) or a comma-separated list; an entry is a district's name (芙蓉区: 芙蓉 is found too) or
    /// an alias for one of them (马栏山=开福区).
    /// </summary>
    public DistrictDetector Districts()
    {
        var value = Get("districts");
        if (value is null)
        {
            return DistrictDetector.ForZhuzhou();
        }

        var entries = File.Exists(value)
            ? File.ReadLines(value).Select(line => line.Split('#')[0])
            : value.Split([',', '，']);
        var names = new List<string>();
        var aliases = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in entries.Select(e => e.Trim()).Where(e => e.Length > 0))
        {
            var parts = entry.Split('=', 2, StringSplitOptions.TrimEntries);
            if (parts.Length == 1)
            {
                names.Add(parts[0]);
            }
            else if (parts[0].Length > 0 && parts[1].Length > 0)
            {
                aliases[parts[0]] = parts[1];
            }
            else
            {
                throw new ArgumentException($"--districts: '{entry}' is neither a district nor alias=district.");
            }
        }

        if (names.Count == 0)
        {
            throw new ArgumentException("--districts names no district.");
        }

        var stray = DistrictDetector.StrayAliases(names, aliases).Select(a => $"{a.Key}={a.Value}").ToList();
        return stray.Count == 0
            ? new DistrictDetector(names, aliases)
            : throw new ArgumentException($"--districts: aliases for districts not in the list: {string.Join(", ", stray)}.");
    }

    /// <summary>
    /// The model given with --model, or the one embedded in the library; --contact-mask true|false (classify, evaluate)
    /// overrides whether it reads the addressee of an earlier contact (<see cref="NgramClassifierOptions.ContactMask"/>).
    /// </summary>
    public IProposalClassifier LoadClassifier()
    {
        var districts = Districts();
        var path = Get("model");
        var settings = new NgramClassifierOptions { ContactMask = Has("contact-mask") ? Flag("contact-mask", false) : null };
        return path is null ? NgramClassifier.LoadDefault(districts, settings) : NgramClassifier.LoadFile(path, districts, settings);
    }
}

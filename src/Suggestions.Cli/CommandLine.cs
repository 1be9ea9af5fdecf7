using Suggestions.Classification;
using Suggestions.Classification.Training;

namespace Suggestions.Cli;

/// <summary>"--name value" and "--flag" options; small enough not to need a parser package.</summary>
internal sealed class CommandLine
{
    private readonly Dictionary<string, string?> _options = new(StringComparer.Ordinal);

    public static CommandLine Parse(string[] args)
    {
        var line = new CommandLine();
        for (var i = 0; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal))
            {
                throw new ArgumentException($"Unexpected argument '{args[i]}'.");
            }

            var name = args[i][2..];
            var hasValue = i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal);
            line._options[name] = hasValue ? args[++i] : null;
        }

        return line;
    }

    public bool Has(string name) => _options.ContainsKey(name);

    public string? Get(string name) => _options.GetValueOrDefault(name);

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

    /// <summary>The model given with --model, or the one embedded in the library.</summary>
    public IProposalClassifier LoadClassifier()
    {
        var districts = DistrictDetector.ForZhuzhou();
        var path = Get("model");
        return path is null ? NgramClassifier.LoadDefault(districts) : NgramClassifier.LoadFile(path, districts);
    }
}

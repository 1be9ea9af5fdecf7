using System.Collections.Frozen;

namespace Suggestions.Cli;

/// <summary>
/// The options each verb reads (the usage text lists them). The training options are not listed by hand: they are the
/// names <see cref="TrainCommand.Options"/> asks for, so an option added there is known to `train`, `cv` and `holdout` at
/// once.
/// </summary>
internal static class CommandOptions
{
    private static readonly Lazy<FrozenSet<string>> Training = new(() =>
    {
        var line = CommandLine.Parse([]);
        _ = TrainCommand.Options(line);
        return line.Asked.ToFrozenSet(StringComparer.Ordinal);
    });

    private static readonly Lazy<FrozenDictionary<string, FrozenSet<string>>> ByVerb = new(() =>
        new Dictionary<string, IEnumerable<string>>(StringComparer.Ordinal)
        {
            ["classify"] = ["model", "districts", "contact-mask"],
            ["evaluate"] = ["data", "model", "districts", "contact-mask", "baseline", "show-errors", "by-length", "second-review"],
            ["train"] = [.. Training.Value, "data", "out", "corrections", "storage", "calibrate-on", "calibrate-share", "calibrate-seed", "calibrate-seeds", "calibrate-hints", "min-hint-positives"],
            ["cv"] = [.. Training.Value, "data", "dump", "verbose"],
            ["holdout"] = [.. Training.Value, "data", "batches", "recalibrate-on", "calibrate-share"],
            ["calibrate"] =
            [
                "data", "out", "model", "districts", "target-precision", "isotonic", "folds", "seed", "fit-prior", "fit-hints",
                "min-hint-positives", "reviewed", "storage", "campaign", "since", "actions",
            ],
        }.ToFrozenDictionary(e => e.Key, e => e.Value.ToFrozenSet(StringComparer.Ordinal), StringComparer.Ordinal));

    /// <summary>The options <paramref name="verb"/> reads; null for a verb that is not one (its usage is shown instead).</summary>
    public static FrozenSet<string>? For(string verb) => ByVerb.Value.GetValueOrDefault(verb);

    /// <summary>Every verb's options, for the check that each option the commands read is declared.</summary>
    public static IReadOnlyDictionary<string, FrozenSet<string>> All => ByVerb.Value;

    /// <summary>The message for an option <paramref name="verb"/> does not read, with the closest one it does, if any is close.</summary>
    public static string Unknown(string name, IReadOnlySet<string> known, string? verb)
    {
        var closest = known
            .Select(k => (Name: k, Distance: Distance(name, k)))
            .Where(k => k.Distance <= Math.Max(2, name.Length / 4))
            .OrderBy(k => k.Distance)
            .ThenBy(k => k.Name, StringComparer.Ordinal)
            .Select(k => k.Name)
            .FirstOrDefault();
        var where = verb is null ? string.Empty : $" for {verb}";
        return closest is null
            ? $"unknown option --{name}{where} (run without arguments for the usage)."
            : $"unknown option --{name}{where}: did you mean --{closest}?";
    }

    /// <summary>Edit distance (insertions, deletions, substitutions) between two option names.</summary>
    private static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                current[j] = Math.Min(substitution, Math.Min(previous[j], current[j - 1]) + 1);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}

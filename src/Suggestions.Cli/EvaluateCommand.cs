using System.Globalization;
using Suggestions.Classification;
using Suggestions.Classification.Evaluation;
using Suggestions.Classification.Training;

namespace Suggestions.Cli;

internal static class EvaluateCommand
{
    public static int Run(CommandLine options)
    {
        var data = CommandLine.ReadCorpus(options.Require("data"));
        var reviews = options.Get("second-review") is { } reviewPath ? ReadReviews(reviewPath) : null;

        IProposalClassifier classifier = options.Get("baseline") switch
        {
            null => options.LoadClassifier(),
            "keyword" => new KeywordClassifier(options.Districts()),
            var other => throw new ArgumentException($"Unknown baseline '{other}' (the ML.NET SDCA baseline is `compare` in the benchmark project)."),
        };

        var pairs = data.Items.Select(p => (p, classifier.Classify(new ProposalText(p.Title, p.Text)))).ToList();
        var report = Evaluator.Evaluate(pairs);
        Console.WriteLine($"model: {classifier.ModelVersion}");
        Console.Write(report.ToText());

        if (classifier is NgramClassifier ngram)
        {
            PrintHintAveragePrecision(ngram, data.Items);
        }

        if (reviews is not null)
        {
            PrintSecondReview(pairs, reviews);
        }

        if (options.Has("by-length"))
        {
            WriteByLength(Console.Out, pairs, reviews);
        }

        var showErrors = int.Parse(options.Get("show-errors") ?? "0", CultureInfo.InvariantCulture);
        foreach (var (gold, predicted) in pairs.Where(p => p.p.Category != p.Item2.Category).Take(showErrors))
        {
            var text = (gold.Title + " " + gold.Text).ReplaceLineEndings(" ");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{gold.Id}: {gold.Category} → {predicted.Category} ({predicted.Confidence:F2}{(predicted.NeedsReview ? ", review" : "")}) [{string.Join(' ', predicted.Reasons)}] {text[..Math.Min(80, text.Length)]}"));
        }

        return 0;
    }

    /// <summary>Each learned hint's average precision over the texts (threshold-free: how well its probability ranks them).</summary>
    private static void PrintHintAveragePrecision(NgramClassifier classifier, IReadOnlyList<LabeledProposal> items)
    {
        var probabilities = items.Select(p => classifier.HintProbabilities(new ProposalText(p.Title, p.Text))).ToList();
        var hints = classifier.Metadata.Hints;
        var figures = hints.Select((hint, h) => (hint, ap: Evaluator.AveragePrecision(
            [.. probabilities.Select(p => p[h])], [.. items.Select(p => p.Hints.Contains(hint))])));
        Console.WriteLine();
        Console.WriteLine("hint average precision (threshold-free): " + string.Join("  ", figures.Select(f =>
            double.IsNaN(f.ap) ? $"{f.hint} n/a" : string.Create(CultureInfo.InvariantCulture, $"{f.hint} {f.ap:F3}"))));
    }

    /// <summary>A blind second reviewer's labels scored like the model, and the model against either reviewer.</summary>
    private static void PrintSecondReview(List<(LabeledProposal Gold, ClassificationResult Predicted)> pairs, IReadOnlyList<ReviewLabel> reviews)
    {
        var r = SecondReview.Compare(pairs, reviews);
        var c = CultureInfo.InvariantCulture;
        var reviewer = r.Reviewer;
        Console.WriteLine();
        Console.WriteLine(string.Create(c, $"second reviewer (blind), {r.Reviewed} texts{(r.Missing > 0 ? $", {r.Missing} without a second review" : "")}, scored like the model:"));
        Console.WriteLine(string.Create(c, $"  strict {reviewer.StrictAccuracy:F4}  lenient {reviewer.LenientAccuracy:F4}  macro-F1 {reviewer.MacroF1:F4}"));
        Console.WriteLine("  hint F1: " + string.Join("  ", reviewer.Hints.Where(h => h.Hint != HintCodes.TooLong).Select(h => string.Create(c, $"{h.Hint} {h.F1:F3}"))));
        Console.WriteLine(string.Create(c, $"model answer acceptable to either reviewer (category or also of either): {r.ModelLenientAgainstEither:F4}"));
        Console.WriteLine(string.Create(c, $"model answer = second reviewer's category: {r.ModelAgreesWithReviewer:F4}"));
    }

    /// <summary>Strict and lenient accuracy by the length of title + text (and the second reviewer's, when given).</summary>
    internal static void WriteByLength(TextWriter output, IReadOnlyList<(LabeledProposal Gold, ClassificationResult Predicted)> pairs, IReadOnlyList<ReviewLabel>? reviews)
    {
        var c = CultureInfo.InvariantCulture;
        output.WriteLine();
        output.WriteLine("by length of title + text (characters): texts, model strict / lenient" + (reviews is null ? string.Empty : ", second reviewer strict / lenient"));
        var reviewed = reviews?.Select(r => r.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var (from, to, report, inBin) in Evaluator.ByLength(pairs))
        {
            var line = string.Create(c, $"  {(to is { } end ? $"{from}–{end - 1}" : $"≥ {from}"),-9} {inBin.Count,5}") + Cells(report);
            if (reviewed is not null)
            {
                // A bin none of whose texts the second reviewer filed shows a dash.
                line += inBin.Any(p => reviewed.Contains(p.Gold.Id)) ? Cells(SecondReview.Compare(inBin, reviews!).Reviewer) : "   —";
            }

            output.WriteLine(line);
        }

        string Cells(EvaluationReport r) => string.Create(c, $"   {r.StrictAccuracy:F3} / {r.LenientAccuracy:F3}");
    }

    /// <summary>Read before anything is classified, so a bad file costs no waiting.</summary>
    private static IReadOnlyList<ReviewLabel> ReadReviews(string path)
    {
        try
        {
            using var reader = new StreamReader(path);
            return SecondReview.Read(reader);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new ArgumentException($"{path}: no such file.", e);
        }
        catch (InvalidDataException e)
        {
            throw new ArgumentException($"{path}: {e.Message}", e);
        }
    }
}

using System.Globalization;
using Suggestions.Classification;
using Suggestions.Classification.Evaluation;
using Suggestions.Classification.Training;

namespace Suggestions.Cli;

/// <summary>
/// `calibrate`: refits a model's confidence calibration and review threshold on reviewed texts (the city's
/// own messages with the category a reviewer gave them) and writes it as a new version; the weights, and so
/// every category answer, stay the same — unless --fit-prior also fits the texts' category mix. The texts come
/// from a corpus file (--data) or from the categories reviewers' decisions left in table storage (--reviewed).
/// </summary>
internal static class CalibrateCommand
{
    public static async Task<int> RunAsync(CommandLine options)
    {
        var output = options.Require("out");
        var defaults = new RecalibrationOptions();
        var settings = new RecalibrationOptions
        {
            TargetPrecision = options.Get("target-precision") is { } precision ? double.Parse(precision, CultureInfo.InvariantCulture) : defaults.TargetPrecision,
            Isotonic = options.Flag("isotonic", defaults.Isotonic),
            Folds = options.Get("folds") is { } folds ? int.Parse(folds, CultureInfo.InvariantCulture) : defaults.Folds,
            Seed = options.Get("seed") is { } seed ? int.Parse(seed, CultureInfo.InvariantCulture) : defaults.Seed,
            FitPrior = options.Has("fit-prior"),
            FitHints = options.Has("fit-hints"),
            MinimumHintPositives = options.Get("min-hint-positives") is { } minimum ? int.Parse(minimum, CultureInfo.InvariantCulture) : defaults.MinimumHintPositives,
        };

        if (settings.FitHints && options.Has("reviewed"))
        {
            throw new ArgumentException("--fit-hints needs texts labelled with hints (--data): reviewers' decisions record categories, not hints.");
        }

        if (options.LoadClassifier() is not NgramClassifier classifier)
        {
            throw new ArgumentException("Only an n-gram model can be recalibrated.");
        }

        IReadOnlyList<LabeledProposal> reviewed;
        if (options.Has("reviewed"))
        {
            var selection = new ReviewedSelection
            {
                Actions = options.Get("actions") is { } actions ? actions.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) : new ReviewedSelection().Actions,
                Since = options.Get("since") is { } since ? DateTimeOffset.Parse(since, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal) : null,
            };
            var source = TableReviewedCategorySource.FromConnectionString(options.StorageConnection, options.Get("campaign"));
            var labels = await ReviewedCategories.ReadLabelsAsync(source, classifier.Metadata.Categories, selection).ConfigureAwait(false);
            Console.WriteLine(ReviewedCategories.Describe(labels));
            reviewed = labels.Labels;
        }
        else
        {
            reviewed = CommandLine.ReadCorpus(options.Require("data")).Items;
        }

        var result = Recalibrate(classifier, reviewed, settings);
        output = CommandLine.ModelOutputPath(output, result.Model.Version);
        result.Model.Save(output);
        Console.WriteLine($"{result.Model.Version} (recalibrated from {classifier.ModelVersion}) → {output}");
        return 0;
    }

    /// <summary>Recalibrates and prints the three figures (its own calibration, the cross-fitted estimate, in sample).</summary>
    internal static RecalibrationResult Recalibrate(NgramClassifier classifier, IReadOnlyList<LabeledProposal> reviewed, RecalibrationOptions settings)
    {
        var result = Recalibrator.Recalibrate(classifier, reviewed, settings);
        Console.WriteLine($"model: {classifier.ModelVersion}, {reviewed.Count} reviewed texts");
        Console.WriteLine(Line("as trained (its own calibration)", result.Before, classifier.Metadata.ReviewThreshold));
        Console.WriteLine(Line($"recalibrated, {settings.Folds}-fold cross-fitted", result.CrossFitted, null));
        Console.WriteLine(Line("recalibrated, on the texts it was fitted on", result.InSample, result.Model.Metadata.ReviewThreshold));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"temperature {classifier.Metadata.Temperature:F3} → {result.Model.Metadata.Temperature:F3}"));
        if (settings.FitPrior)
        {
            var shift = result.Model.Metadata.PriorShift;
            Console.WriteLine("prior shift: " + string.Join(' ', result.Model.Metadata.Categories.Select((c, i) => string.Create(CultureInfo.InvariantCulture, $"{c} {shift[i]:+0.00;-0.00}"))));
        }

        if (settings.FitHints)
        {
            // Per hint: F1 with the model's thresholds, cross-fitted (each fold's thresholds fitted without it), in sample.
            var metadata = result.Model.Metadata;
            for (var h = 0; h < metadata.Hints.Count; h++)
            {
                var hint = metadata.Hints[h];
                double F1(EvaluationReport r) => r.Hints.FirstOrDefault(m => m.Hint == hint)?.F1 ?? 0;
                var positives = reviewed.Count(p => p.Hints.Contains(hint));
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"hint {hint,-24} {positives,4} positive  threshold {classifier.Metadata.HintThresholds[h]:F3} → {metadata.HintThresholds[h]:F3}{(settings.RefitsHint(positives) ? "" : " (kept: too few positive texts)")}   F1 as trained {F1(result.Before):F3}, cross-fitted {F1(result.CrossFitted):F3}, in sample {F1(result.InSample):F3}"));
            }
        }
        return result;
    }

    private static string Line(string what, EvaluationReport r, double? threshold) => string.Create(CultureInfo.InvariantCulture,
        $"{what,-48} strict {r.StrictAccuracy:F4}  lenient {r.LenientAccuracy:F4}  macro-F1 {r.MacroF1:F4}  other recall {r.Categories.FirstOrDefault(m => m.Category == CategoryCodes.Other)?.Recall ?? 0:F3}  ECE {r.ExpectedCalibrationError:F4}  flagged {r.Flagged / (double)r.Count:P0} (holding {r.ErrorsFlagged} of {r.Errors} errors), unflagged right {r.AccuracyUnflagged:P1}{(threshold is { } t ? $", review threshold {t:F3}" : "")}");
}

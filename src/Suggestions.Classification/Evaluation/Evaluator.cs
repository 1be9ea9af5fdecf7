using System.Globalization;
using System.Text;
using Suggestions.Classification.Training;

namespace Suggestions.Classification.Evaluation;

public sealed record CategoryMetrics(string Category, int Support, int Predicted, double Precision, double Recall, double F1);

public sealed record HintMetrics(string Hint, int TruePositives, int FalsePositives, int FalseNegatives, double Precision, double Recall, double F1);

/// <summary>Quality figures of a classifier on labelled proposals.</summary>
public sealed record EvaluationReport(
    int Count,
    double StrictAccuracy,
    double LenientAccuracy,
    double MacroF1,
    double ExpectedCalibrationError,
    IReadOnlyList<CategoryMetrics> Categories,
    IReadOnlyList<string> Labels,
    int[,] Confusion,
    IReadOnlyList<HintMetrics> Hints,
    int Errors,
    int ErrorsFlagged,
    int Flagged,
    double AccuracyUnflagged)
{
    public string ToText()
    {
        var c = CultureInfo.InvariantCulture;
        var b = new StringBuilder();
        b.AppendLine(c, $"proposals: {Count}");
        b.AppendLine(c, $"strict accuracy:   {StrictAccuracy:F4}");
        b.AppendLine(c, $"lenient accuracy:  {LenientAccuracy:F4}  (predicted ∈ category ∪ also)");
        b.AppendLine(c, $"macro-F1:          {MacroF1:F4}");
        b.AppendLine(c, $"ECE (10 bins):     {ExpectedCalibrationError:F4}");
        b.AppendLine(c, $"needsReview:       {Flagged} flagged ({(double)Flagged / Math.Max(1, Count):P1}); {ErrorsFlagged} of {Errors} strict errors flagged; accuracy of unflagged {AccuracyUnflagged:F4}");
        b.AppendLine();
        b.AppendLine("category           support  predicted  precision  recall   F1");
        foreach (var m in Categories)
        {
            b.AppendLine(c, $"{m.Category,-18} {m.Support,7}  {m.Predicted,9}  {m.Precision,9:F3}  {m.Recall,6:F3}  {m.F1,5:F3}");
        }

        b.AppendLine();
        b.AppendLine("confusion (rows: true, columns: predicted)");
        b.Append(' ', 16);
        foreach (var label in Labels)
        {
            b.Append(c, $"{Abbreviate(label),6}");
        }

        b.AppendLine();
        for (var i = 0; i < Labels.Count; i++)
        {
            b.Append(c, $"{Labels[i],-16}");
            for (var j = 0; j < Labels.Count; j++)
            {
                b.Append(c, $"{Confusion[i, j],6}");
            }

            b.AppendLine();
        }

        b.AppendLine();
        b.AppendLine("hint                    TP    FP    FN  precision  recall   F1");
        foreach (var h in Hints)
        {
            b.AppendLine(c, $"{h.Hint,-22} {h.TruePositives,4}  {h.FalsePositives,4}  {h.FalseNegatives,4}  {h.Precision,9:F3}  {h.Recall,6:F3}  {h.F1,5:F3}");
        }

        return b.ToString();
    }

    private static string Abbreviate(string label) => label.Length <= 5 ? label : label[..5];
}

/// <summary>Computes an <see cref="EvaluationReport"/> from gold labels and a classifier's answers.</summary>
public static class Evaluator
{
    public const int CalibrationBins = 10;

    public static IReadOnlyList<string> HintsEvaluated { get; } =
        [HintCodes.MultiIssue, HintCodes.PersonalGrievance, HintCodes.OutsideRemit, HintCodes.NotFeasibleThisYear, HintCodes.Unclear, HintCodes.TooLong];

    /// <summary>The length bins of <see cref="ByLength"/> unless told otherwise: a WeChat line, a short note, a message, a letter.</summary>
    public static IReadOnlyList<int> DefaultLengthBounds { get; } = [60, 120, 250];

    /// <summary>
    /// The answers grouped by the length of title + text in characters (<paramref name="bounds"/> ascending: the bins are
    /// [0, b₀), [b₀, b₁), …, [bₙ, ∞)), each with its own report; a bin without texts is left out.
    /// </summary>
    public static IReadOnlyList<(int From, int? To, EvaluationReport Report, IReadOnlyList<(LabeledProposal Gold, ClassificationResult Predicted)> Pairs)> ByLength(
        IReadOnlyList<(LabeledProposal Gold, ClassificationResult Predicted)> pairs, IReadOnlyList<int>? bounds = null)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        bounds ??= DefaultLengthBounds;
        if (bounds.Zip(bounds.Skip(1)).Any(b => b.First >= b.Second) || bounds.Any(b => b <= 0))
        {
            throw new ArgumentException("Length bounds must be positive and ascending.", nameof(bounds));
        }

        var bins = new List<(int, int?, EvaluationReport, IReadOnlyList<(LabeledProposal, ClassificationResult)>)>();
        for (var b = 0; b <= bounds.Count; b++)
        {
            var from = b == 0 ? 0 : bounds[b - 1];
            int? to = b < bounds.Count ? bounds[b] : null;
            var inBin = pairs.Where(p => (p.Gold.Title?.Length ?? 0) + p.Gold.Text.Length is var n && n >= from && (to is null || n < to)).ToList();
            if (inBin.Count > 0)
            {
                bins.Add((from, to, Evaluate(inBin), inBin));
            }
        }

        return bins;
    }

    /// <summary>
    /// Average precision of a ranking: the texts ordered by <paramref name="scores"/> (highest first), the precision at
    /// each positive's rank averaged over the positives; texts with equal scores form one block, counted at its end.
    /// Threshold-free, so it compares two models' hints without the luck of the threshold each picked. NaN without positives.
    /// </summary>
    public static double AveragePrecision(IReadOnlyList<double> scores, IReadOnlyList<bool> positive)
    {
        ArgumentNullException.ThrowIfNull(scores);
        ArgumentNullException.ThrowIfNull(positive);
        if (scores.Count != positive.Count)
        {
            throw new ArgumentException("One label per score.", nameof(positive));
        }

        var total = positive.Count(p => p);
        if (total == 0)
        {
            return double.NaN;
        }

        var order = Enumerable.Range(0, scores.Count).OrderByDescending(i => scores[i]).ToArray();
        double sum = 0;
        var seen = 0;
        var hits = 0;
        for (var start = 0; start < order.Length;)
        {
            var end = start;
            var blockHits = 0;
            while (end < order.Length && scores[order[end]] == scores[order[start]])
            {
                blockHits += positive[order[end]] ? 1 : 0;
                end++;
            }

            seen += end - start;
            hits += blockHits;
            sum += blockHits * (hits / (double)seen);
            start = end;
        }

        return sum / total;
    }

    public static EvaluationReport Evaluate(IReadOnlyList<(LabeledProposal Gold, ClassificationResult Predicted)> pairs)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        var labels = CategoryCodes.All
            .Where(code => pairs.Any(p => p.Gold.Category == code || p.Predicted.Category == code))
            .ToList();
        var index = labels.Select((l, i) => (l, i)).ToDictionary(x => x.l, x => x.i, StringComparer.Ordinal);
        foreach (var (gold, predicted) in pairs)
        {
            foreach (var code in new[] { gold.Category, predicted.Category })
            {
                if (!index.ContainsKey(code))
                {
                    index[code] = labels.Count;
                    labels.Add(code);
                }
            }
        }

        var confusion = new int[labels.Count, labels.Count];
        int strict = 0, lenient = 0, flagged = 0, errorsFlagged = 0, unflaggedCorrect = 0;
        var binCount = new int[CalibrationBins];
        var binConfidence = new double[CalibrationBins];
        var binCorrect = new int[CalibrationBins];
        foreach (var (gold, predicted) in pairs)
        {
            confusion[index[gold.Category], index[predicted.Category]]++;
            var correct = gold.Category == predicted.Category;
            strict += correct ? 1 : 0;
            lenient += correct || gold.Also.Contains(predicted.Category) ? 1 : 0;
            flagged += predicted.NeedsReview ? 1 : 0;
            errorsFlagged += !correct && predicted.NeedsReview ? 1 : 0;
            unflaggedCorrect += correct && !predicted.NeedsReview ? 1 : 0;
            var bin = Math.Min(CalibrationBins - 1, (int)(predicted.Confidence * CalibrationBins));
            binCount[bin]++;
            binConfidence[bin] += predicted.Confidence;
            binCorrect[bin] += correct ? 1 : 0;
        }

        var n = pairs.Count;
        var ece = 0.0;
        for (var b = 0; b < CalibrationBins; b++)
        {
            if (binCount[b] > 0)
            {
                ece += binCount[b] / (double)n * Math.Abs((binConfidence[b] / binCount[b]) - (binCorrect[b] / (double)binCount[b]));
            }
        }

        var perCategory = new List<CategoryMetrics>();
        for (var i = 0; i < labels.Count; i++)
        {
            int support = 0, predictedCount = 0;
            for (var j = 0; j < labels.Count; j++)
            {
                support += confusion[i, j];
                predictedCount += confusion[j, i];
            }

            var tp = confusion[i, i];
            var precision = predictedCount == 0 ? 0 : tp / (double)predictedCount;
            var recall = support == 0 ? 0 : tp / (double)support;
            perCategory.Add(new CategoryMetrics(labels[i], support, predictedCount, precision, recall, F1(precision, recall)));
        }

        var hints = HintsEvaluated.Select(hint =>
        {
            int tp = 0, fp = 0, fn = 0;
            foreach (var (gold, predicted) in pairs)
            {
                var expected = gold.Hints.Contains(hint);
                var actual = predicted.Hints.Contains(hint);
                tp += expected && actual ? 1 : 0;
                fp += !expected && actual ? 1 : 0;
                fn += expected && !actual ? 1 : 0;
            }

            var precision = tp + fp == 0 ? 0 : tp / (double)(tp + fp);
            var recall = tp + fn == 0 ? 0 : tp / (double)(tp + fn);
            return new HintMetrics(hint, tp, fp, fn, precision, recall, F1(precision, recall));
        }).ToList();

        return new EvaluationReport(
            n,
            n == 0 ? 0 : strict / (double)n,
            n == 0 ? 0 : lenient / (double)n,
            perCategory.Count == 0 ? 0 : perCategory.Average(m => m.F1),
            ece,
            perCategory,
            labels,
            confusion,
            hints,
            n - strict,
            errorsFlagged,
            flagged,
            n - flagged == 0 ? 0 : unflaggedCorrect / (double)(n - flagged));
    }

    private static double F1(double precision, double recall) =>
        precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
}

using Suggestions.Classification.Evaluation;

namespace Suggestions.Classification.Training;

/// <summary>
/// What one held-out batch gave: how many examples its model learned from, and its answers; with a
/// recalibration set, also the answers of that model recalibrated on it (same categories, other confidences).
/// </summary>
public sealed record HeldOutBatch(
    string Batch,
    int TrainingExamples,
    string ModelVersion,
    IReadOnlyList<(LabeledProposal Gold, ClassificationResult Predicted)> Answers)
{
    public EvaluationReport Report => Evaluator.Evaluate(Answers);

    public IReadOnlyList<(LabeledProposal Gold, ClassificationResult Predicted)>? RecalibratedAnswers { get; init; }
}

/// <summary>
/// Leave-one-writer-out: for each writing batch, a full model (category, calibration, review threshold,
/// hints) trained on every other text classifies that batch. Out-of-fold figures mix each writer's texts
/// into training and test alike and so flatter the model; a batch it never saw is closer to a new
/// city's residents, who are all new writers.
/// </summary>
public static class BatchHoldOut
{
    /// <summary>
    /// Holds out, in turn, every batch whose name starts with <paramref name="batchPrefix"/>. With
    /// <paramref name="recalibrateOn"/> (reviewed texts from elsewhere, e.g. another city's), each batch's model
    /// is also recalibrated on them (<see cref="Recalibrator"/>) and classifies the batch again: how a
    /// calibration fitted on one stream of messages carries to writers it never saw. A positive
    /// <see cref="RecalibrationOptions.AnchorShare"/> keeps that share of each fit on the model's own
    /// out-of-fold scores (<see cref="TrainingResult.OutOfFold"/>); 0 fits on the reviewed texts alone.
    /// </summary>
    public static IReadOnlyList<HeldOutBatch> Run(
        IReadOnlyList<LabeledProposal> corpus,
        string batchPrefix,
        DistrictDetector districts,
        TrainingOptions? options = null,
        Action<string>? log = null,
        IReadOnlyList<LabeledProposal>? recalibrateOn = null,
        RecalibrationOptions? recalibration = null)
    {
        ArgumentNullException.ThrowIfNull(corpus);
        ArgumentNullException.ThrowIfNull(batchPrefix);
        ArgumentNullException.ThrowIfNull(districts);
        log ??= _ => { };
        var batches = corpus
            .Select(p => p.Batch)
            .OfType<string>()
            .Where(b => b.StartsWith(batchPrefix, StringComparison.Ordinal))
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();
        if (batches.Count == 0)
        {
            throw new ArgumentException($"No corpus batch starts with '{batchPrefix}'.", nameof(batchPrefix));
        }

        var results = new List<HeldOutBatch>();
        foreach (var batch in batches)
        {
            var training = corpus.Where(p => p.Batch != batch).Select(TrainingExample.FromCorpus).ToList();
            var held = corpus.Where(p => p.Batch == batch).ToList();
            var trained = ModelTrainer.Train(training, options, log);
            var classifier = trained.ToClassifier(districts);
            var answers = held.Select(p => (p, classifier.Classify(new ProposalText(p.Title, p.Text)))).ToList();
            var result = new HeldOutBatch(batch, training.Count, classifier.ModelVersion, answers);
            if (recalibrateOn is not null)
            {
                // This model's own out-of-fold scores join the fit at the options' share (none at 0), as `train --calibrate-on` does.
                var settings = (recalibration ?? new RecalibrationOptions()) with { Anchor = trained.OutOfFold };
                var recalibrated = Recalibrator.Recalibrate(classifier, recalibrateOn, settings).Model.ToClassifier(districts);
                result = result with { RecalibratedAnswers = [.. held.Select(p => (p, recalibrated.Classify(new ProposalText(p.Title, p.Text))))] };
            }

            log($"held out {batch}: {held.Count} texts, model trained on {training.Count}");
            results.Add(result);
        }

        return results;
    }
}

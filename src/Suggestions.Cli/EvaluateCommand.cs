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

        IProposalClassifier classifier = options.Get("baseline") switch
        {
            null => options.LoadClassifier(),
            "keyword" => new KeywordClassifier(DistrictDetector.ForZhuzhou()),
            var other => throw new ArgumentException($"Unknown baseline '{other}' (the ML.NET SDCA baseline is `compare` in the benchmark project)."),
        };

        var pairs = data.Items.Select(p => (p, classifier.Classify(new ProposalText(p.Title, p.Text)))).ToList();
        var report = Evaluator.Evaluate(pairs);
        Console.WriteLine($"model: {classifier.ModelVersion}");
        Console.Write(report.ToText());

        var showErrors = int.Parse(options.Get("show-errors") ?? "0", CultureInfo.InvariantCulture);
        foreach (var (gold, predicted) in pairs.Where(p => p.p.Category != p.Item2.Category).Take(showErrors))
        {
            var text = (gold.Title + " " + gold.Text).ReplaceLineEndings(" ");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{gold.Id}: {gold.Category} → {predicted.Category} ({predicted.Confidence:F2}{(predicted.NeedsReview ? ", review" : "")}) [{string.Join(' ', predicted.Reasons)}] {text[..Math.Min(80, text.Length)]}"));
        }

        return 0;
    }
}

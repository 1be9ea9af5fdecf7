using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Suggestions.Classification.Training;

namespace Suggestions.Classification.Benchmarks;

/// <summary>
/// A digest of everything the classifier answers for the corpus's texts (train, dev, test-boards): each category score
/// before calibration and each hint probability as their exact bits, and the answer's category, confidence, alternatives,
/// reasons, hints and district. A change meant to make classification faster without changing a single answer must
/// leave it as it was; it is printed with the count of texts, and per split, to see where two builds part.
/// </summary>
internal static class Fingerprint
{
    /// <param name="modelPath">A model file to use instead of the embedded default.</param>
    public static int Run(string? modelPath = null)
    {
        var classifier = modelPath is null
            ? NgramClassifier.LoadDefault(DistrictDetector.ForZhuzhou())
            : NgramClassifier.LoadFile(modelPath, DistrictDetector.ForZhuzhou());
        var k = classifier.Metadata.Categories.Count;
        var hints = classifier.Metadata.Hints.Count;
        using var all = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var split in (string[])["train", "dev", "test-boards"])
        {
            using var part = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            var items = CorpusReader.Read(Repository.Corpus(split)).Items;
            var raw = new double[k];
            var probabilities = new double[hints];
            foreach (var item in items)
            {
                var answer = classifier.Classify(new ProposalText(item.Title, item.Text), raw, probabilities);
                var line = new StringBuilder();
                foreach (var x in raw.Concat(probabilities))
                {
                    line.Append(BitConverter.DoubleToInt64Bits(x).ToString("x16", CultureInfo.InvariantCulture)).Append(' ');
                }

                line.Append(answer.Category).Append(' ').Append(answer.Confidence.ToString("R", CultureInfo.InvariantCulture))
                    .Append(' ').Append(answer.NeedsReview)
                    .Append(' ').AppendJoin(',', answer.Alternatives.Select(a => a.Category + ":" + a.Confidence.ToString("R", CultureInfo.InvariantCulture)))
                    .Append(' ').AppendJoin('|', answer.Reasons)
                    .Append(' ').AppendJoin(',', answer.Hints)
                    .Append(' ').Append(answer.District).Append('\n');
                var bytes = Encoding.UTF8.GetBytes(line.ToString());
                part.AppendData(bytes);
                all.AppendData(bytes);
            }

            Console.WriteLine($"{split,-12} {items.Count,5} texts  {Convert.ToHexStringLower(part.GetHashAndReset())[..16]}");
        }

        Console.WriteLine($"{"all",-12} {"",5}        {Convert.ToHexStringLower(all.GetHashAndReset())[..16]}  ({classifier.ModelVersion})");
        return 0;
    }
}

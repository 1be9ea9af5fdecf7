using System.Diagnostics;
using Suggestions.Classification.Features;
using Suggestions.Classification.Text;
using Suggestions.Classification.Training;

namespace Suggestions.Classification.Benchmarks;

/// <summary>Rough split of the per-call time (scan only vs the whole call), to see where to optimise.</summary>
internal static class Profile
{
    private struct CountingSink : IScanSink
    {
        public int Count;

        public void NGram(ulong hash, int start, int length) => Count += (int)(hash & 1);

        public void Term(int entry, int start, int length, bool nested) => Count++;

        public readonly void ClauseEnd(int contentChars)
        {
        }

        public readonly void Marker()
        {
        }
    }

    private struct LookupSink(HashIndex index) : IScanSink
    {
        public int Count;

        public void NGram(ulong hash, int start, int length) => Count += index.Find(hash) >= 0 ? 1 : 0;

        public readonly void Term(int entry, int start, int length, bool nested)
        {
        }

        public readonly void ClauseEnd(int contentChars)
        {
        }

        public readonly void Marker()
        {
        }
    }

    /// <param name="modelPath">A model file to profile instead of the embedded default (to compare two models).</param>
    public static int Run(string? modelPath = null)
    {
        var classifier = modelPath is null
            ? NgramClassifier.LoadDefault(DistrictDetector.ForZhuzhou())
            : NgramClassifier.LoadFile(modelPath, DistrictDetector.ForZhuzhou());
        var dev = CorpusReader.Read(Repository.Corpus("dev")).Items;
        var texts = dev.Select(p => TextNormalizer.Normalize(p.Title) + "\n" + TextNormalizer.Normalize(p.Text)).ToArray();
        var proposals = dev.Select(p => new ProposalText(p.Title, p.Text)).ToArray();
        var lexicon = ModelTrainer.LexiconIndexFor(classifier.Metadata.Lexicon, classifier.Metadata.LongestTermMatch);
        // Part of loading: the per-n-gram records the classifier reads (Model/FeatureRecords), best of eight builds.
        var layout = double.MaxValue;
        for (var i = 0; i < 8; i++)
        {
            var start = Stopwatch.GetTimestamp();
            _ = new Suggestions.Classification.Model.FeatureRecords(classifier.Model);
            layout = Math.Min(layout, Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }

        Console.WriteLine($"records at load     {layout,8:F2} ms (best of 8)");
        Console.WriteLine($"mean length {texts.Average(t => t.Length):F0} chars");
        Time("scan, no lexicon", () =>
        {
            var sink = new CountingSink();
            foreach (var t in texts)
            {
                TextScanner.Scan(t, null, ref sink);
            }
        }, texts.Length);
        Time("scan with lexicon", () =>
        {
            var sink = new CountingSink();
            foreach (var t in texts)
            {
                TextScanner.Scan(t, lexicon, ref sink);
            }
        }, texts.Length);
        var vocabulary = new HashIndex(classifier.Model.Vocabulary);
        var hits = 0;
        Time("scan + vocab lookup", () =>
        {
            var sink = new LookupSink(vocabulary);
            foreach (var t in texts)
            {
                TextScanner.Scan(t, lexicon, ref sink);
            }

            hits = sink.Count;
        }, texts.Length);
        Console.WriteLine($"  {hits / (double)texts.Length:F0} in-vocabulary n-grams per text");
        var buffer = new char[8192];
        Time("normalise", () =>
        {
            foreach (var p in proposals)
            {
                TextNormalizer.Normalize(p.Content, buffer);
            }
        }, texts.Length);
        var noReasons = NgramClassifier.Load(ModelStream(classifier), DistrictDetector.ForZhuzhou(), new NgramClassifierOptions { MaxReasons = 0, MaxAlternatives = 0 });
        Time("classify, 0 reasons", () =>
        {
            foreach (var p in proposals)
            {
                noReasons.Classify(p);
            }
        }, texts.Length);
        Time("district", () =>
        {
            var d = DistrictDetector.ForZhuzhou();
            foreach (var t in texts)
            {
                d.Detect(t);
            }
        }, texts.Length);
        Time("classify", () =>
        {
            foreach (var p in proposals)
            {
                classifier.Classify(p);
            }
        }, texts.Length);

        // The contact mask (an option, off in the default model): what turning it on costs per call.
        var masked = NgramClassifier.Load(ModelStream(classifier), DistrictDetector.ForZhuzhou(), new NgramClassifierOptions { ContactMask = true });
        Time("classify, contact mask on", () =>
        {
            foreach (var p in proposals)
            {
                masked.Classify(p);
            }
        }, texts.Length);
        return 0;
    }

    private static MemoryStream ModelStream(NgramClassifier classifier)
    {
        var stream = new MemoryStream();
        classifier.Save(stream);
        stream.Position = 0;
        return stream;
    }

    /// <summary>
    /// Runs <paramref name="action"/> for two seconds and prints the mean and the best round per text. On a
    /// shared machine the mean moves with the neighbours' load; the best round is the steadier figure for
    /// comparing two builds.
    /// </summary>
    private static void Time(string name, Action action, int count)
    {
        action();
        var total = Stopwatch.StartNew();
        var best = double.MaxValue;
        var rounds = 0;
        while (total.ElapsedMilliseconds < 2000)
        {
            var start = Stopwatch.GetTimestamp();
            action();
            best = Math.Min(best, Stopwatch.GetElapsedTime(start).TotalMicroseconds);
            rounds++;
        }

        Console.WriteLine($"{name,-20} {total.Elapsed.TotalMicroseconds / rounds / count,8:F2} µs per text (best round {best / count:F2})");
    }
}

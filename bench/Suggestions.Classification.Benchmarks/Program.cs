using BenchmarkDotNet.Running;
using Suggestions.Classification.Benchmarks;

// `compare` (default mode is the BenchmarkDotNet suite): our model against the ML.NET SDCA baseline.
// `profile [MODEL_FILE]`: rough split of the per-call time, for the default model or a model file.
// `fingerprint [MODEL_FILE]`: a digest of every answer (raw scores' bits included) for the corpus's texts, to show
// that a speed-up changed no answer.
if (args.Length > 0 && args[0] == "profile")
{
    return Profile.Run(args.Length > 1 ? args[1] : null);
}

if (args.Length > 0 && args[0] == "fingerprint")
{
    return Fingerprint.Run(args.Length > 1 ? args[1] : null);
}

if (args.Length > 0 && args[0] == "compare")
{
    return Compare.Run(args[1..]);
}

BenchmarkSwitcher.FromAssembly(typeof(ClassifierBenchmarks).Assembly).Run(args, new ShortConfig());
return 0;

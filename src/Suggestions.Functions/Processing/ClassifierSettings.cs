namespace Suggestions.Processing;

/// <summary>Which classification model the processor loads.</summary>
public sealed class ClassifierSettings
{
    public const string SectionName = "Classifier";

    /// <summary>A model file written by <c>Suggestions.Cli train</c>; empty: the model embedded in the library.</summary>
    public string? ModelPath { get; set; }

    /// <summary>Texts longer than this (characters) get the <c>too_long</c> hint.</summary>
    public int MaxLength { get; set; } = 1500;
}

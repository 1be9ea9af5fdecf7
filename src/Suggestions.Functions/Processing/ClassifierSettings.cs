namespace Suggestions.Processing;

/// <summary>Which classification model the processor loads.</summary>
public sealed class ClassifierSettings
{
    public const string SectionName = "Classifier";

    /// <summary>A model file written by <c>Suggestions.Cli train</c>; empty: the model embedded in the library.</summary>
    public string? ModelPath { get; set; }

    /// <summary>Texts longer than this (characters) get the <c>too_long</c> hint.</summary>
    public int MaxLength { get; set; } = 1500;

    /// <summary>
    /// Whether the addressee of an earlier contact (跟居委会说了, 找过社区) is left unread (<see cref="Classification.Text.ContactMask"/>);
    /// unset: as the model says (off for the embedded model; docs/classifier.md, twenty-sixth session).
    /// </summary>
    public bool? ContactMask { get; set; }

    /// <summary>The classifier's deployment settings these stand for.</summary>
    public Classification.NgramClassifierOptions ToClassifierOptions() => new() { MaxLength = MaxLength, ContactMask = ContactMask };
}

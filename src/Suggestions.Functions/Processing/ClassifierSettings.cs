using Suggestions.Classification;

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
    public NgramClassifierOptions ToClassifierOptions() => new() { MaxLength = MaxLength, ContactMask = ContactMask };

    /// <summary>
    /// The model these settings name: the file at <see cref="ModelPath"/>, else the one embedded in the library. A file that
    /// cannot be opened or read as a model is an <see cref="InvalidOperationException"/> naming the setting and the path (a
    /// deployment's path, never citizen data), so that the start fails with a message an operator can act on.
    /// </summary>
    public NgramClassifier Load(DistrictDetector districts)
    {
        if (string.IsNullOrWhiteSpace(ModelPath))
        {
            return NgramClassifier.LoadDefault(districts, ToClassifierOptions());
        }

        FileStream stream;
        try
        {
            stream = File.OpenRead(ModelPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new InvalidOperationException($"{SectionName}:{nameof(ModelPath)} '{ModelPath}' could not be opened: {e.Message}", e);
        }

        using (stream)
        {
            try
            {
                return NgramClassifier.Load(stream, districts, ToClassifierOptions());
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                throw new InvalidOperationException(
                    $"{SectionName}:{nameof(ModelPath)} '{ModelPath}' could not be read as a model written by `Suggestions.Cli train`: {e.Message}", e);
            }
        }
    }
}

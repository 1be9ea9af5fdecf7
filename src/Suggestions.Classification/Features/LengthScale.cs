namespace Suggestions.Classification.Features;

/// <summary>
/// How much a text's length sharpens or flattens its category scores before calibration
/// (<see cref="Model.ModelMetadata.LengthSlope"/>): the scores are multiplied by
/// <c>exp(slope · (ln(1 + n) − ln(1 + 120)))</c>, n the non-blank characters of title and content. A positive factor
/// never changes which category is first, nor the order of the alternatives; only how sure the answer says it is.
/// </summary>
internal static class LengthScale
{
    /// <summary>The length (non-blank characters) whose scores are left as they are.</summary>
    public const int CentreLength = 120;

    /// <summary>The largest slope a fit may choose, either way.</summary>
    public const double MaxSlope = 1;

    private static readonly double Centre = Math.Log(1 + CentreLength);

    /// <summary>ln(1 + n) − ln(1 + 120): the covariate the slope multiplies.</summary>
    public static double Covariate(int nonBlankLength) => Math.Log(1 + Math.Max(0, nonBlankLength)) - Centre;

    /// <summary>The factor for a text of <paramref name="nonBlankLength"/> characters (1 when the slope is 0).</summary>
    public static double Factor(double slope, int nonBlankLength) =>
        slope == 0 ? 1 : Math.Exp(slope * Covariate(nonBlankLength));

    /// <summary>Characters that are not white space: the length the classifier's length rules count.</summary>
    public static int NonBlank(string? text)
    {
        var n = 0;
        foreach (var c in text ?? string.Empty)
        {
            if (!char.IsWhiteSpace(c))
            {
                n++;
            }
        }

        return n;
    }
}

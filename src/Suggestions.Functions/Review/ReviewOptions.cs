namespace Suggestions.Review;

/// <summary>Settings of the review workflow (section <c>Review</c>), checked when the app starts.</summary>
public sealed class ReviewOptions
{
    public const string SectionName = "Review";

    /// <summary>The longest a queue message may stay invisible (Azure Queue Storage).</summary>
    public static readonly TimeSpan MaxDelay = TimeSpan.FromDays(7);

    /// <summary>
    /// When the queued follow-up of a reviewer's decision runs (<see cref="DecisionFollowUp"/>): after the endpoint's own
    /// writes, which it repeats. Zero to <see cref="MaxDelay"/>.
    /// </summary>
    public TimeSpan DecisionFollowUpDelay { get; set; } = TimeSpan.FromMinutes(1);
}

namespace Suggestions.Classification;

/// <summary>The category codes of api.md; <see cref="Other"/> is the fallback outside the 12 areas.</summary>
public static class CategoryCodes
{
    public const string Education = "education";
    public const string CultureSports = "culture-sports";
    public const string Employment = "employment";
    public const string Health = "health";
    public const string Housing = "housing";
    public const string SocialSecurity = "social-security";
    public const string Governance = "governance";
    public const string PublicSafety = "public-safety";
    public const string Transport = "transport";
    public const string Environment = "environment";
    public const string FoodSafety = "food-safety";
    public const string Convenience = "convenience";
    public const string Other = "other";

    public static IReadOnlyList<string> All { get; } =
    [
        Education, CultureSports, Employment, Health, Housing, SocialSecurity,
        Governance, PublicSafety, Transport, Environment, FoodSafety, Convenience, Other,
    ];
}

/// <summary>Stable codes of the criteria hints shown to reviewers and used in answers to citizens.</summary>
public static class HintCodes
{
    public const string MultiIssue = "multi_issue";
    public const string PersonalGrievance = "personal_grievance";
    public const string OutsideRemit = "outside_remit";
    public const string NotFeasibleThisYear = "not_feasible_this_year";
    public const string Unclear = "unclear";
    public const string TooLong = "too_long";
}

namespace Suggestions.Intake;

/// <summary>The fields of the web and QR form, as the citizen sent them (not yet validated).</summary>
public sealed record SuggestionInput
{
    public string? Title { get; init; }
    public string? Content { get; init; }
    public string? Category { get; init; }
    public string? District { get; init; }
    public string? Name { get; init; }
    public string? Phone { get; init; }
    public string? Email { get; init; }
    public bool? Consent { get; init; }
    public string? Source { get; init; }
}

/// <summary>A proposal that passed validation: sanitised text, normalised contact data.</summary>
public sealed record ValidSuggestion(
    string Title,
    string Content,
    string? Category,
    string? District,
    string? Name,
    string? Phone,
    string? Email,
    bool Consent,
    string Channel);

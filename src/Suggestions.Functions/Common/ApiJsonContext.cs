using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Unicode;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Suggestions.Admin;
using Suggestions.Campaigns;
using Suggestions.Health;
using Suggestions.Intake;
using Suggestions.Review;

namespace Suggestions.Common;

/// <summary>Source-generated JSON for every HTTP body we read or write (camelCase, as api.md says).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ProblemDetails))]
[JsonSerializable(typeof(HttpValidationProblemDetails))]
[JsonSerializable(typeof(SuggestionInput))]
[JsonSerializable(typeof(SubmissionReceipt))]
[JsonSerializable(typeof(PublicStatus))]
[JsonSerializable(typeof(IReadOnlyList<CategoryView>))]
[JsonSerializable(typeof(CampaignView))]
[JsonSerializable(typeof(ReviewListResponse))]
[JsonSerializable(typeof(ReviewDetail))]
[JsonSerializable(typeof(DecisionRequest))]
[JsonSerializable(typeof(ReviewDecisionResult))]
[JsonSerializable(typeof(HealthReport))]
[JsonSerializable(typeof(ReplayResult))]
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(int))]
internal sealed partial class ApiJsonContext : JsonSerializerContext;

/// <summary>The context our responses use: like the default one, but Chinese is written as is, not as \uXXXX
/// escapes (HTML-sensitive characters are still escaped).</summary>
internal static class ApiJson
{
    public static ApiJsonContext Context { get; } = new(new JsonSerializerOptions(ApiJsonContext.Default.Options)
    {
        Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
    });
}

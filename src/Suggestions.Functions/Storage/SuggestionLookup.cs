using Suggestions.Common;
using Suggestions.Tracking;

namespace Suggestions.Storage;

/// <summary>
/// Finds a proposal by the number someone typed: a mistyped number, an unknown one and storage being down
/// each get their own clear answer.
/// </summary>
public static class SuggestionLookup
{
    public sealed record Result(TrackingNumber Number, SuggestionRecord? Record, ApiResult? Problem);

    public static async Task<Result> FindAsync(ISuggestionStore store, string? typed, string notFoundDetail, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        if (TrackingNumber.TryParse(typed, out var number) != TrackingNumber.ParseError.None)
        {
            return new Result(number, null, Problems.InvalidTrackingNumber());
        }

        try
        {
            var record = await store.GetAsync(number.Value, cancellationToken);
            return record is null
                ? new Result(number, null, Problems.NotFound("suggestion_not_found", notFoundDetail))
                : new Result(number, record, null);
        }
        catch (Exception e) when (StorageFailures.IsTransient(e, cancellationToken))
        {
            return new Result(number, null, Problems.StorageUnavailableForRead(10));
        }
    }
}

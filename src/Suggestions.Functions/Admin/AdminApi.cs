using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Suggestions.Common;
using Suggestions.Review;
using Suggestions.Storage;

namespace Suggestions.Admin;

/// <summary>Operator actions (admin role).</summary>
public sealed class AdminApi(PoisonReplay replay)
{
    [Function(nameof(ReplayPoisonMessages))]
    public async Task<IActionResult> ReplayPoisonMessages(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "admin/queues/{queue}/replay")] HttpRequest req,
        string queue,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(req);
        if (await StaffAuthorization.RequireAsync(req, StaffRoles.Admin) is { } denied)
        {
            return denied;
        }

        if (!PoisonReplay.ReplayableQueues.Contains(queue, StringComparer.Ordinal))
        {
            return Problems.NotFound("queue_not_found", $"没有可重放的队列“{queue}”。");
        }

        try
        {
            var moved = await replay.ReplayAsync(queue, 10_000, cancellationToken);
            return ApiResult.Json(StatusCodes.Status200OK, new ReplayResult(queue, moved), ApiJson.Context.ReplayResult);
        }
        catch (Exception e) when (StorageFailures.IsTransient(e, cancellationToken))
        {
            return Problems.StorageUnavailableForRead(10);
        }
    }
}

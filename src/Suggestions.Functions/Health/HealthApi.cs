using Azure.Data.Tables;
using Azure.Storage.Queues;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Azure;
using Suggestions.Common;
using Suggestions.Storage;

namespace Suggestions.Health;

public sealed record HealthReport(string Status, IReadOnlyDictionary<string, string> Checks);

/// <summary>Liveness and readiness: 200 only when the queue and table services answer.</summary>
public sealed class HealthApi(IAzureClientFactory<QueueServiceClient> queues, TableServiceClient tables)
{
    [Function(nameof(GetHealth))]
    public async Task<IActionResult> GetHealth(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "health")] HttpRequest req,
        CancellationToken cancellationToken)
    {
        var checks = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["queues"] = await Probe(() => queues.CreateClient(StorageClientNames.Raw).GetQueueClient(StorageNames.IncomingQueue).GetPropertiesAsync(cancellationToken)),
            ["tables"] = await Probe(() => tables.GetTableClient(StorageNames.SuggestionsTable).QueryAsync<TableEntity>(maxPerPage: 1, select: ["PartitionKey"], cancellationToken: cancellationToken).AsPages().GetAsyncEnumerator(cancellationToken).MoveNextAsync().AsTask()),
        };
        var healthy = checks.Values.All(v => v == "ok");
        var report = new HealthReport(healthy ? "healthy" : "unhealthy", checks);
        var result = ApiResult.Json(healthy ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable, report, ApiJson.Context.HealthReport);
        return healthy ? result : result.WithHeader("Retry-After", "10");

        async Task<string> Probe(Func<Task> probe)
        {
            try
            {
                await probe();
                return "ok";
            }
            catch (Exception e) when (StorageFailures.IsTransient(e, cancellationToken))
            {
                return "unavailable";
            }
        }
    }
}

using System.Runtime.CompilerServices;
using Azure;
using Azure.Data.Tables;

namespace Suggestions.Classification.Training;

/// <summary>Reading a whole table (or a filtered part) for an offline job, where a missing table means no rows yet.</summary>
internal static class TableRows
{
    public static async IAsyncEnumerable<TableEntity> ReadAsync(TableClient table, string? filter, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var enumerator = table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).GetAsyncEnumerator(cancellationToken);
        while (true)
        {
            try
            {
                if (!await enumerator.MoveNextAsync().ConfigureAwait(false))
                {
                    yield break;
                }
            }
            catch (RequestFailedException e) when (e.Status == 404)
            {
                // No table yet: nothing written yet.
                yield break;
            }

            yield return enumerator.Current;
        }
    }
}

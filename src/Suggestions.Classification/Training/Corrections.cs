using System.Runtime.CompilerServices;
using Azure.Data.Tables;

namespace Suggestions.Classification.Training;

/// <summary>A reviewer's recategorisation of one proposal (table <c>Corrections</c>).</summary>
public sealed record Correction(
    string CampaignId,
    string TrackingNumber,
    string Title,
    string Content,
    string OldCategory,
    string NewCategory,
    DateTimeOffset CorrectedAt);

/// <summary>Where training finds reviewers' corrections.</summary>
public interface ICorrectionSource
{
    IAsyncEnumerable<Correction> ReadAllAsync(CancellationToken cancellationToken = default);
}

/// <summary>Corrections held in memory: tests, and callers that already have them.</summary>
public sealed class InMemoryCorrectionSource(IEnumerable<Correction> corrections) : ICorrectionSource
{
    private readonly List<Correction> _corrections = [.. corrections];

    public void Add(Correction correction) => _corrections.Add(correction);

    public async IAsyncEnumerable<Correction> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        foreach (var correction in _corrections.ToList())
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return correction;
        }

        await Task.CompletedTask.ConfigureAwait(false);
    }
}

/// <summary>
/// Reads the <c>Corrections</c> table: PartitionKey = campaign id, RowKey = tracking number, properties
/// Title, Content, OldCategory, NewCategory (strings) and CorrectedAt (DateTimeOffset). Training reads the
/// whole table (all campaigns): it is an offline job, not a user-facing query.
/// </summary>
public sealed class TableCorrectionSource(TableClient table) : ICorrectionSource
{
    public const string TableName = "Corrections";

    private readonly TableClient _table = table ?? throw new ArgumentNullException(nameof(table));

    public static TableCorrectionSource FromConnectionString(string connectionString) =>
        new(new TableClient(connectionString, TableName));

    public async IAsyncEnumerable<Correction> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var entity in TableRows.ReadAsync(_table, null, cancellationToken).ConfigureAwait(false))
        {
            var newCategory = entity.GetString("NewCategory");
            var content = entity.GetString("Content");
            if (string.IsNullOrWhiteSpace(newCategory) || string.IsNullOrWhiteSpace(content))
            {
                continue;
            }

            yield return new Correction(
                entity.PartitionKey,
                entity.RowKey,
                entity.GetString("Title") ?? string.Empty,
                content,
                entity.GetString("OldCategory") ?? string.Empty,
                newCategory,
                entity.GetDateTimeOffset("CorrectedAt") ?? entity.Timestamp ?? DateTimeOffset.MinValue);
        }
    }
}

using Suggestions.Classification.Text;
using Suggestions.Classification.Training;

namespace Suggestions.Classification.Tests;

public sealed class EarlierContactTests
{
    [Fact]
    public void Compose_IsDeterministicForASeed_AndVaried()
    {
        var (a, b) = (new Random(5), new Random(5));
        var accounts = Enumerable.Range(0, 500).Select(_ => EarlierContacts.Compose(a)).ToList();

        Assert.Equal(accounts, Enumerable.Range(0, 500).Select(_ => EarlierContacts.Compose(b)));
        Assert.True(accounts.Select(x => x.Text).Distinct().Count() > 400, "hardly any repeats");
        Assert.Contains(accounts, x => x.AtEnd);
        Assert.Contains(accounts, x => !x.AtEnd);
    }

    [Fact]
    public void Compose_NamesNoAreaTermOfTheLexicon_NorTheProbesHeldOutWording()
    {
        // An account says whom the writer told and what came of it, never what about; and the noise probe's frames
        // "raised before" and "posted before" measure it with words it must not have learnt from these lists.
        var random = new Random(11);
        var terms = CategoryLexicon.Terms.Concat(BroadLexicon.Terms)
            .SelectMany(group => group.Value.Select(term => (Area: group.Key, Term: TextNormalizer.Normalize(term)))).ToList();
        string[] heldOut = ["居委会", "问政平台", "帖子", "石沉大海", "研究研究", "不下五回"];

        var hits = new SortedSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < 5000; i++)
        {
            var text = TextNormalizer.Normalize(EarlierContacts.Compose(random).Text);
            foreach (var (area, term) in terms.Where(t => text.Contains(t.Term, StringComparison.Ordinal)))
            {
                hits.Add($"{area} '{term}' in '{text}'");
            }

            Assert.DoesNotContain(heldOut, w => text.Contains(w, StringComparison.Ordinal));
        }

        Assert.True(hits.Count == 0, string.Join("\n", hits.DistinctBy(h => h[..h.IndexOf(" in ", StringComparison.Ordinal)])));
    }

    [Fact]
    public void Tell_PutsTheAccountBeforeTheTextOrAfterIt()
    {
        var seen = new HashSet<bool>();
        for (var i = 0; i < 100; i++)
        {
            var (account, atEnd) = EarlierContacts.Compose(new Random(i));
            Assert.Equal(atEnd ? "公交车太少。" + account : account + "公交车太少。", EarlierContacts.Tell("公交车太少。", new Random(i)));
            seen.Add(atEnd);
        }

        Assert.Equal(2, seen.Count);
    }
}

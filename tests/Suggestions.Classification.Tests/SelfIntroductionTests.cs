using Suggestions.Classification.Training;
using Suggestions.Classification.Text;

namespace Suggestions.Classification.Tests;

public sealed class SelfIntroductionTests
{
    [Fact]
    public void Compose_IsDeterministicForASeed_AndVaried()
    {
        var a = new Random(5);
        var b = new Random(5);
        var intros = Enumerable.Range(0, 500).Select(_ => SelfIntroductions.Compose(a)).ToList();

        Assert.Equal(intros, Enumerable.Range(0, 500).Select(_ => SelfIntroductions.Compose(b)));
        Assert.True(intros.Select(x => x.Text).Distinct().Count() > 450, "hardly any repeats");
        Assert.Contains(intros, x => x.AtEnd);
        Assert.Contains(intros, x => !x.AtEnd);
        Assert.All(intros, x => Assert.False(string.IsNullOrWhiteSpace(x.Text)));
    }

    [Fact]
    public void Compose_NamesNoAreaTermOfTheLexicon()
    {
        // An introduction says who and where, never what about: no term of an area, curated or broad, may occur in one.
        var random = new Random(11);
        var terms = CategoryLexicon.Terms.Concat(BroadLexicon.Terms)
            .SelectMany(group => group.Value.Select(term => (Area: group.Key, Term: TextNormalizer.Normalize(term)))).ToList();

        var hits = new SortedSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < 5000; i++)
        {
            var text = TextNormalizer.Normalize(SelfIntroductions.Compose(random).Text);
            foreach (var (area, term) in terms.Where(t => text.Contains(t.Term, StringComparison.Ordinal)))
            {
                hits.Add($"{area} '{term}' in '{text}'");
            }
        }

        Assert.True(hits.Count == 0, string.Join("\n", hits.DistinctBy(h => h[..h.IndexOf(" in ", StringComparison.Ordinal)])));
    }

    [Fact]
    public void Introduce_PutsTheIntroductionBeforeTheTextOrAfterItAsASignature()
    {
        var seen = new HashSet<bool>();
        for (var i = 0; i < 100; i++)
        {
            var (intro, atEnd) = SelfIntroductions.Compose(new Random(i));
            var text = SelfIntroductions.Introduce("公交车太少", new Random(i));
            Assert.Equal(atEnd ? "公交车太少\n" + intro : intro + "公交车太少", text);
            seen.Add(atEnd);
        }

        Assert.Equal(2, seen.Count);
    }
}

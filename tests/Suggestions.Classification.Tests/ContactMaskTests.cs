using Suggestions.Classification.Text;

namespace Suggestions.Classification.Tests;

public sealed class ContactMaskTests
{
    // A transport proposal with an account of earlier contact, and the same with the addressee already a space.
    private static readonly ProposalText Told = new(string.Empty, "公交站台太远了,建议增设公交站点。这事跟居委会说了不下五回。");
    private static readonly ProposalText Bare = new(string.Empty, "公交站台太远了,建议增设公交站点。这事跟 说了不下五回。");

    [Theory]
    [InlineData("这事跟居委会说了不下五回", "这事跟 说了不下五回")]
    [InlineData("之前找过社区好几次,一直没人来看", "之前找过 好几次,一直没人来看")]
    [InlineData("此前多次致电物业和街道办,对方均表示会处理", "此前多次致电 ,对方均表示会处理")]
    [InlineData("我们给街道办打过好几次电话", "我们给 打过好几次电话")]
    [InlineData("去年向镇政府反映过,至今没有回音", "去年向 反映过,至今没有回音")]
    [InlineData("曾向社区居委会多次反映", "曾向 多次反映")]
    [InlineData("找过物业了", "找过 了")]
    [InlineData("向有关部门投诉", "向 投诉")]
    public void TheAddresseeOfAContact_IsReadAsOneSpace(string text, string expected) =>
        Assert.Equal(expected, ContactMask.Apply(text));

    [Theory]
    [InlineData("建议向社区居民提供免费体检")] // the community's residents are who is served
    [InlineData("希望给社区老人送餐")]
    [InlineData("联系社区医生上门")] // a community doctor, not the community
    [InlineData("找物业维修电梯")] // what the property manager is asked to do: left alone, conservatively
    [InlineData("建议加强居委会建设,社区工作者待遇要提高")] // governance itself
    [InlineData("小区和社区问题很多")] // 和 as a conjunction, no verb of telling
    [InlineData("向教育局反映过校车的事")] // a department of one area says something about the matter
    [InlineData("向社区提供服务")]
    [InlineData("")]
    public void AnythingElse_IsLeftAlone(string text) =>
        Assert.Equal(text, ContactMask.Apply(text));

    [Fact]
    public void AddresseesAtTheEnd_OrSeveralInOneText_AreEachMasked()
    {
        Assert.Equal("问题反映了很久,找过 ", ContactMask.Apply("问题反映了很久,找过社区"));
        Assert.Equal("跟 说过,也向 反映过", ContactMask.Apply("跟物业说过,也向街道反映过"));
    }

    [Fact]
    public void AModelTrainedWithIt_KeepsItInItsFile_AndItsWeightsAreThoseOfAModelWithout()
    {
        // The trainer reads its corpus as written either way: only the classifier's reading differs.
        var examples = TestCorpus.Build().Select(Training.TrainingExample.FromCorpus).ToList();
        var with = Training.ModelTrainer.Train(examples, TestCorpus.FastOptions with { ContactMask = true });
        var loaded = TestCorpus.Reloaded(with.Save);
        var plain = TestCorpus.SmallModel.ToClassifier(DistrictDetector.ForZhuzhou());

        Assert.True(loaded.Metadata.ContactMask);
        Assert.False(new Training.TrainingOptions().ContactMask); // off by default (twenty-sixth session: an option)
        AnswerAssert.SameCategoryAnswer(loaded.Classify(Bare), loaded.Classify(Told));
        AnswerAssert.SameCategoryAnswer(plain.Classify(Bare), loaded.Classify(Bare));
    }

    [Fact]
    public void TheClassifier_AppliesIt_AsTheModelOrTheDeploymentSays()
    {
        // The model says no (models before the mask); the deployment's setting overrides it either way.
        var model = TestCorpus.SmallModel;
        Assert.False(model.Metadata.ContactMask);
        var plain = model.ToClassifier(DistrictDetector.ForZhuzhou());
        var masked = TestCorpus.Reloaded(model.Save, new NgramClassifierOptions { ContactMask = true });

        // The synthetic corpus's governance words include 居委会: read, it moves a transport text; masked, it does not.
        AnswerAssert.SameCategoryAnswer(masked.Classify(Bare), masked.Classify(Told));
        double Governance(NgramClassifier classifier, ProposalText proposal)
        {
            var scores = new double[classifier.Metadata.Categories.Count];
            classifier.Classify(proposal, scores);
            return scores[classifier.Metadata.Categories.ToList().IndexOf(CategoryCodes.Governance)];
        }

        Assert.True(Governance(plain, Told) > Governance(plain, Bare) + 0.1, $"{Governance(plain, Told)} vs {Governance(plain, Bare)}");
        Assert.Equal(Governance(masked, Bare), Governance(masked, Told));

        // The command line's --contact-mask is that setting (classify, evaluate).
        var path = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N") + ".ngm");
        model.Save(path);
        try
        {
            NgramClassifier Loaded(params string[] args) =>
                Assert.IsType<NgramClassifier>(Suggestions.Cli.CommandLine.Parse(["--model", path, .. args]).LoadClassifier());
            Assert.Equal(Governance(masked, Bare), Governance(Loaded("--contact-mask", "true"), Told));
            Assert.Equal(Governance(plain, Told), Governance(Loaded(), Told));
            Assert.Equal(Governance(plain, Told), Governance(Loaded("--contact-mask", "false"), Told));
        }
        finally
        {
            File.Delete(path);
        }
    }
}

using Survival.Core.Cox;

namespace Survival.Core.Tests;

/// <summary>
/// The closed form of Efron's sums against the term-by-term sums R's coxfit6.c adds, from every death at risk
/// (c = d) to a few deaths among millions (c/d = 10⁵), with fractional c as risk scores give.
/// </summary>
public class EfronDenominatorSumsTests
{
    // The direct sums carry about d ulps of rounding, so agreement is to 1e-12 rather than to the last digit.
    private const double Tolerance = 1e-12;

    public static TheoryData<double, double, int> Cases => new()
    {
        { 40, 40, 40 },             // everyone at risk dies: D_r = A(d − r)/d down to A/d
        { 33.5, 33.5, 33 },
        { 1000, 999.99, 1000 },
        { 2.5e3, 7.3e2, 700 },
        { 1.2e5, 3.3e3, 1500 },
        { 3.7e6 * 1.31, 1500 * 0.87, 1500 },
        { 1e7, 5000 * 1.7, 5000 },
        { 4.2e8, 33 * 0.25, 33 },   // c/d ≈ 10⁵: the regime where S1 and T2 cancel most
        { 57.25, 12.5, 64 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    [MemberData(nameof(FewTies))]
    public void Closed_form_equals_the_direct_sums(double total, double tied, int events)
    {
        // Arrange
        var direct = EfronDenominatorSums.Direct(total, tied, events);

        // Act
        var closed = EfronDenominatorSums.ClosedForm(total, tied, events);

        // Assert
        Assert.Equal(1, closed.LogSum / direct.LogSum, Tolerance);
        Assert.Equal(1, closed.S0 / direct.S0, Tolerance);
        Assert.Equal(1, closed.T0 / direct.T0, Tolerance);
        // S1 and T1 enter the score and information as b·S1 beside a·S0 and a·b·T1 beside a²·T0, T2 as b²·T2, with
        // b/a about B/A; their rounding is measured on that scale (they cancel most where B/A is smallest).
        var ratio = tied / total;
        Assert.Equal(0, ratio * (closed.S1 - direct.S1) / direct.S0, Tolerance);
        Assert.Equal(0, ratio * (closed.T1 - direct.T1) / direct.T0, Tolerance);
        Assert.Equal(0, ratio * ratio * (closed.T2 - direct.T2) / direct.T0, Tolerance);
    }

    // A few ties, which the closed form takes from DirectSumLimit on, to c/d ≈ 2·10⁵.
    public static TheoryData<double, double, int> FewTies => new()
    {
        { 10, 10, 5 },              // everyone at risk dies
        { 7.5, 2.25, 5 },
        { 1.2e3, 7.7, 8 },
        { 4.5e4, 31.5, 16 },
        { 2.5e6, 12.4, 31 },        // c/d ≈ 2·10⁵
        { 9.9e5, 3.3, 6 },
    };

    [Fact]
    public void Few_ties_are_summed_directly()
    {
        // Arrange
        const int events = EfronDenominatorSums.DirectSumLimit;

        // Act
        var sums = EfronDenominatorSums.Compute(10, 3, events);

        // Assert
        Assert.Equal(EfronDenominatorSums.Direct(10, 3, events), sums);
    }
}

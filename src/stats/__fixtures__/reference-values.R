# Reference values for the src/stats tests. Development tool only: the tests carry the printed numbers as literals
# (with the call beside each) and never run R. Produced with R 4.2.2 (Debian r-base-core):
#   Rscript src/stats/__fixtures__/reference-values.R
options(digits = 15)
show <- function(label, value) cat(sprintf("%-58s %s\n", label, paste(format(value, digits = 15), collapse = "  ")))

# Hand formulas (R has no built-in Wilson/Newcombe beyond prop.test).
wilson <- function(x, n, conf = 0.95) {
  z <- qnorm(1 - (1 - conf) / 2); p <- x / n
  centre <- p + z^2 / (2 * n); half <- z * sqrt(p * (1 - p) / n + z^2 / (4 * n^2))
  c((centre - half) / (1 + z^2 / n), (centre + half) / (1 + z^2 / n))
}
newcombe <- function(x1, n1, x2, n2, conf = 0.95) {
  a <- wilson(x1, n1, conf); b <- wilson(x2, n2, conf); p1 <- x1 / n1; p2 <- x2 / n2; d <- p1 - p2
  c(d, d - sqrt((p1 - a[1])^2 + (b[2] - p2)^2), d + sqrt((a[2] - p1)^2 + (p2 - b[1])^2))
}
# Newcombe (1998) paired method 10 as in Fagerland, Lydersen & Laake, contingencytables::Newcombe_square_and_add_CI_paired_2x2.
newcombe_paired <- function(both, onlyA, onlyB, neither, conf = 0.95) {
  N <- both + onlyA + onlyB + neither; p1 <- (both + onlyA) / N; p2 <- (both + onlyB) / N
  w1 <- wilson(both + onlyA, N, conf); w2 <- wilson(both + onlyB, N, conf)
  prod <- (both + onlyA) * (onlyB + neither) * (both + onlyB) * (onlyA + neither); A <- both * neither - onlyA * onlyB
  psi <- if (prod == 0) 0 else if (A > N / 2) (A - N / 2) / sqrt(prod) else if (A >= 0) 0 else A / sqrt(prod)
  d <- p1 - p2
  c(d, d - sqrt((p1 - w1[1])^2 + (w2[2] - p2)^2 - 2 * psi * (p1 - w1[1]) * (w2[2] - p2)),
       d + sqrt((p2 - w2[1])^2 + (w1[2] - p1)^2 - 2 * psi * (p2 - w2[1]) * (w1[2] - p1)))
}
table2 <- function(sA, tA, sB, tB) matrix(c(sA, tA - sA, sB, tB - sB), 2, byrow = TRUE)

cat("## distributions\n")
show("lgamma(c(0.1, 0.5, 1, 2.5, 10, 171.5, 1e5))", lgamma(c(0.1, 0.5, 1, 2.5, 10, 171.5, 1e5)))
show("lchoose(300, 150)", lchoose(300, 150))
show("pnorm(c(-8, -1.96, 0, 0.5, 3))", pnorm(c(-8, -1.96, 0, 0.5, 3)))
show("pnorm(8, lower.tail = FALSE)", pnorm(8, lower.tail = FALSE))
show("qnorm(c(1e-10, 0.001, 0.025, 0.3, 0.5, 0.975, 0.999999))", qnorm(c(1e-10, 0.001, 0.025, 0.3, 0.5, 0.975, 0.999999)))
show("pbeta(0.3, 2.5, 7)", pbeta(0.3, 2.5, 7))
show("pbeta(0.9, 50, 3)", pbeta(0.9, 50, 3))
show("pbeta(0.01, 0.5, 0.5)", pbeta(0.01, 0.5, 0.5))
show("pbeta(0.48, 1000, 1000)", pbeta(0.48, 1000, 1000))
show("qbeta(0.025, 2.5, 7)", qbeta(0.025, 2.5, 7))
show("qbeta(0.975, 82, 183)", qbeta(0.975, 82, 183))
show("qbeta(1e-6, 1, 99)", qbeta(1e-6, 1, 99))
show("pgamma(3, shape = 2.5)", pgamma(3, shape = 2.5))
show("pgamma(50, shape = 60)", pgamma(50, shape = 60))
show("pchisq(3.2, 1, lower.tail = FALSE)", pchisq(3.2, 1, lower.tail = FALSE))
show("pchisq(20, 6, lower.tail = FALSE)", pchisq(20, 6, lower.tail = FALSE))
show("pchisq(200, 150, lower.tail = FALSE)", pchisq(200, 150, lower.tail = FALSE))
show("pchisq(0.5, 10)", pchisq(0.5, 10))
show("pbinom(2, 100, 0.001, lower.tail = FALSE)", pbinom(2, 100, 0.001, lower.tail = FALSE))
show("pbinom(10, 30, 0.3)", pbinom(10, 30, 0.3))
show("dbinom(4, 12, 0.25)", dbinom(4, 12, 0.25))
show("pt(2.1, 5)", pt(2.1, 5))
show("pt(-3, 12.5)", pt(-3, 12.5))
show("pt(1.5, 1000)", pt(1.5, 1000))
show("qt(0.975, c(1, 4.3, 30))", qt(0.975, c(1, 4.3, 30)))

cat("## one rate\n")
for (case in list(c(81, 263), c(15, 148), c(0, 20), c(1, 29), c(20, 20))) {
  x <- case[1]; n <- case[2]
  show(sprintf("prop.test(%d, %d, correct = FALSE)$conf.int", x, n), as.numeric(suppressWarnings(prop.test(x, n, correct = FALSE))$conf.int))
  show(sprintf("wilson(%d, %d) by hand", x, n), wilson(x, n))
  show(sprintf("prop.test(%d, %d, correct = TRUE)$conf.int", x, n), as.numeric(suppressWarnings(prop.test(x, n, correct = TRUE))$conf.int))
  show(sprintf("binom.test(%d, %d)$conf.int", x, n), as.numeric(binom.test(x, n)$conf.int))
}
show("wilson(37, 50, conf = 0.99)", wilson(37, 50, 0.99))
show("binom.test(37, 50, conf.level = 0.99)$conf.int", as.numeric(binom.test(37, 50, conf.level = 0.99)$conf.int))
show("prop.test(37, 50, conf.level = 0.9, correct = TRUE)$conf.int", as.numeric(prop.test(37, 50, conf.level = 0.9, correct = TRUE)$conf.int))

cat("## two independent rates\n")
for (case in list(c(56, 70, 48, 80), c(9, 10, 3, 10), c(6, 7, 2, 7), c(5, 56, 0, 29), c(0, 10, 0, 20), c(0, 10, 0, 10), c(10, 10, 0, 20), c(10, 10, 0, 10)))
  show(sprintf("newcombe(%d, %d, %d, %d)", case[1], case[2], case[3], case[4]), newcombe(case[1], case[2], case[3], case[4]))
show("newcombe(30, 50, 12, 40, conf = 0.9)", newcombe(30, 50, 12, 40, 0.9))
for (case in list(c(3, 4, 1, 4), c(12, 20, 3, 20), c(45, 100, 30, 100), c(2, 15, 9, 16), c(10, 10, 0, 10), c(1, 300, 7, 250))) {
  m <- table2(case[1], case[2], case[3], case[4])
  for (alt in c("two.sided", "greater", "less"))
    show(sprintf("fisher.test(table2(%d, %d, %d, %d), alternative = '%s')$p.value", case[1], case[2], case[3], case[4], alt), fisher.test(m, alternative = alt)$p.value)
}

show("fisher.test(matrix(c(0, 2, 2, 3), 2, byrow = TRUE))$p.value", fisher.test(matrix(c(0, 2, 2, 3), 2, byrow = TRUE))$p.value)
show("fisher.test(matrix(c(1, 1, 2, 6), 2, byrow = TRUE))$p.value", fisher.test(matrix(c(1, 1, 2, 6), 2, byrow = TRUE))$p.value)

cat("## the paper's tests\n")
for (k in c(1, 2, 3, 15)) show(sprintf("binom.test(%d, 100, p = 0.001, alternative = 'greater')$p.value", k), binom.test(k, 100, p = 0.001, alternative = "greater")$p.value)
show("binom.test(3, 100, p = 0.001, alternative = 'less')$p.value", binom.test(3, 100, p = 0.001, alternative = "less")$p.value)
show("binom.test(7, 20, p = 0.3)$p.value", binom.test(7, 20, p = 0.3)$p.value)
show("binom.test(2, 8)$p.value", binom.test(2, 8)$p.value)
show("binom.test(0, 10)$p.value", binom.test(0, 10)$p.value)
show("binom.test(1, 40, p = 0.2)$p.value", binom.test(1, 40, p = 0.2)$p.value)
for (case in list(c(30, 100, 20, 100), c(99, 300, 45, 300), c(5, 40, 12, 35))) {
  test <- prop.test(c(case[1], case[3]), c(case[2], case[4]), correct = FALSE)
  show(sprintf("prop.test(c(%d, %d), c(%d, %d), correct = FALSE): sign*sqrt(X2), p", case[1], case[3], case[2], case[4]),
       c(sign(case[1] / case[2] - case[3] / case[4]) * sqrt(test$statistic), test$p.value))
}
fisher_combined <- function(p) { s <- -2 * sum(log(pmax(p, 1e-10))); c(s, pchisq(s, 2 * length(p), lower.tail = FALSE)) }
show("fisher_combined(c(0.01, 0.2, 0.5))", fisher_combined(c(0.01, 0.2, 0.5)))
show("fisher_combined(c(0, 0.5))", fisher_combined(c(0, 0.5)))
show("fisher_combined(c(0.3, 0.6, 0.9, 0.05))", fisher_combined(c(0.3, 0.6, 0.9, 0.05)))

cat("## paired\n")
show("binom.test(10, 13)$p.value", binom.test(10, 13)$p.value)
show("binom.test(3, 10)$p.value", binom.test(3, 10)$p.value)
show("binom.test(30, 42)$p.value", binom.test(30, 42)$p.value)
show("mcnemar.test(matrix(c(50, 12, 30, 8), 2)): X2, p", c(mcnemar.test(matrix(c(50, 12, 30, 8), 2))$statistic, mcnemar.test(matrix(c(50, 12, 30, 8), 2))$p.value))
show("mcnemar.test(matrix(c(5, 3, 10, 7), 2)): X2, p", c(mcnemar.test(matrix(c(5, 3, 10, 7), 2))$statistic, mcnemar.test(matrix(c(5, 3, 10, 7), 2))$p.value))
show("mcnemar.test(matrix(c(40, 20, 20, 20), 2)): X2, p", c(mcnemar.test(matrix(c(40, 20, 20, 20), 2))$statistic, mcnemar.test(matrix(c(40, 20, 20, 20), 2))$p.value))
show("mcnemar.test(matrix(c(40, 14, 15, 20), 2)): X2, p", c(mcnemar.test(matrix(c(40, 14, 15, 20), 2))$statistic, mcnemar.test(matrix(c(40, 14, 15, 20), 2))$p.value))
show("newcombe_paired(59, 6, 16, 80)  [Cavo et al. 2012]", newcombe_paired(59, 6, 16, 80))
show("newcombe_paired(1, 1, 7, 12)  [Bentur et al. 2009]", newcombe_paired(1, 1, 7, 12))
show("newcombe_paired(40, 10, 2, 48)", newcombe_paired(40, 10, 2, 48))
show("newcombe_paired(5, 20, 3, 2)  (negative correlation)", newcombe_paired(5, 20, 3, 2))
show("newcombe_paired(40, 10, 2, 48, conf = 0.9)", newcombe_paired(40, 10, 2, 48, 0.9))

cat("## multiple comparisons\n")
show("p.adjust(c(0.01, 0.04, 0.03, 0.005, 0.2), 'holm')", p.adjust(c(0.01, 0.04, 0.03, 0.005, 0.2), "holm"))
show("p.adjust(c(0.02, 0.02, 0.5, 0.001), 'holm')", p.adjust(c(0.02, 0.02, 0.5, 0.001), "holm"))
show("p.adjust(c(0.01, NA, 0.02), 'holm')", p.adjust(c(0.01, NA, 0.02), "holm"))
show("p.adjust(c(0.3, 0.4, 0.6), 'holm')", p.adjust(c(0.3, 0.4, 0.6), "holm"))

cat("## planning\n")
show("power.prop.test(p1 = 0.5, p2 = 0.6, power = 0.8, tol = 1e-12)$n", power.prop.test(p1 = 0.5, p2 = 0.6, power = 0.8, tol = 1e-12)$n)
show("power.prop.test(p1 = 0.1, p2 = 0.2, power = 0.9, sig.level = 0.01, tol = 1e-12)$n", power.prop.test(p1 = 0.1, p2 = 0.2, power = 0.9, sig.level = 0.01, tol = 1e-12)$n)
show("power.prop.test(p1 = 0.95, p2 = 0.85, power = 0.8, tol = 1e-12)$n", power.prop.test(p1 = 0.95, p2 = 0.85, power = 0.8, tol = 1e-12)$n)
show("power.prop.test(p1 = 0.45, p2 = 0.55, power = 0.8, tol = 1e-12)$n", power.prop.test(p1 = 0.45, p2 = 0.55, power = 0.8, tol = 1e-12)$n)
trials_for_width <- function(width, rate, conf = 0.95) { n <- 1; while (diff(wilson(rate * n, n, conf)) > width) n <- n + 1; n }
for (case in list(c(0.2, 0.5), c(0.1, 0.5), c(0.1, 0.1), c(0.05, 0.5), c(0.05, 0.02)))
  show(sprintf("trials_for_width(%g, %g)", case[1], case[2]), trials_for_width(case[1], case[2]))
show("trials_for_width(0.1, 0.5, conf = 0.9)", trials_for_width(0.1, 0.5, 0.9))
show("diff(wilson(c(46, 47), c(92, 93))) widths at n=92, 93", c(diff(wilson(46, 92)), diff(wilson(46.5, 93))))
show("diff(wilson(0, 35)), diff(wilson(0, 36))", c(diff(wilson(0, 35)), diff(wilson(0, 36))))
show("diff(wilson(20, 40))", diff(wilson(20, 40)))

cat("## t-tests\n")
x <- c(72, 85, 90, 64, 78, 88, 95, 70); y <- c(60, 75, 68, 80, 55, 72)
w <- t.test(x, y); s <- t.test(x, y, var.equal = TRUE); g <- t.test(x, y, alternative = "greater")
show("t.test(x, y): t, df, p, conf.int", c(w$statistic, w$parameter, w$p.value, w$conf.int))
show("t.test(x, y, var.equal = TRUE): t, df, p, conf.int", c(s$statistic, s$parameter, s$p.value, s$conf.int))
show("t.test(x, y, alternative = 'greater')$p.value", g$p.value)

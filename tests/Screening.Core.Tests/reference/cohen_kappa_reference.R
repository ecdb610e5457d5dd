# Reference values for CohenKappaTests.cs.
# Run: Rscript tests/Screening.Core.Tests/reference/cohen_kappa_reference.R
# Needs Debian r-cran-vcd (vcd::Kappa, its ASE = Fleiss, Cohen & Everitt 1969) and r-cran-psych
# (psych::cohen.kappa, printed as a cross-check of the same estimate).
suppressMessages({ library(vcd); library(psych) })
options(digits = 15)

show <- function(name, table) {
  k <- vcd::Kappa(table)
  ci <- confint(k, level = 0.95)
  cat(sprintf("%s: kappa=%.12f ASE=%.12f lwr=%.12f upr=%.12f\n", name,
              k$Unweighted[["value"]], k$Unweighted[["ASE"]], ci["Unweighted", "lwr"], ci["Unweighted", "upr"]))
  p <- psych::cohen.kappa(table)
  cat(sprintf("  psych::cohen.kappa: kappa=%.12f var=%.12f lower=%.12f upper=%.12f\n",
              p$kappa, p$var.kappa, p$confid[1, 1], p$confid[1, 3]))
}

# Rows: first reviewer; columns: second reviewer. Categories in the order include, exclude(, maybe).
show("two_by_two", matrix(c(20, 10, 5, 165), nrow = 2))
show("three_by_three", matrix(c(15, 4, 1, 3, 150, 5, 2, 6, 14), nrow = 3))
show("small_sample", matrix(c(3, 1, 2, 4), nrow = 2))
show("perfect", matrix(c(7, 0, 0, 13), nrow = 2))

/* ch6_checks.c - the judge's checks for chapter 6 (being ported). */
#include "checks.h"

static void placeholder(judge *J)
{
    jfail(J, "not yet ported");
}

static const check_def CHECKS[] = {
    {"placeholder", placeholder, J_SECRET, 1, NULL},
};
J_TABLE(6, CHECKS);

/* ch3_checks.c - the judge's checks for chapter 3 (being ported). */
#include "checks.h"

static void placeholder(judge *J)
{
    jfail(J, "not yet ported");
}

static const check_def CHECKS[] = {
    {"placeholder", placeholder, J_SECRET, 1, NULL},
};
J_TABLE(3, CHECKS);

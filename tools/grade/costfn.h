/* costfn.h - the cost functions that chapter 7's nn_numerical_gradient is
 * handed, the same code in the worker (where the student's numerical
 * gradient calls them) and in the judge (where the reference's does).
 *
 * The network cost deserializes θ into the context's Theta1 and Theta2 and
 * returns nn_regularized_cost; it uses chapters 3 and 5 of whatever is
 * linked (the reference, in chapter 7's worker and in the judge). */
#ifndef NNWB_COSTFN_H
#define NNWB_COSTFN_H

#include "nn_matrix.h"

typedef struct {
    int kind;         /* NN_COSTFN_QUADRATIC or NN_COSTFN_NETWORK (protocol.h) */
    int n;            /* length of θ */
    nn_mat *T1, *T2;  /* NETWORK: scratch of Theta1's and Theta2's shapes (owned) */
    const nn_mat *X;  /* NETWORK: m×(n_in+1), bias column first (not owned) */
    const nn_mat *Y;  /* NETWORK: m×K one-hot (not owned) */
    double lambda;
    long calls;       /* how many times J was called */
} nn_costfn;

/* J(θ) for ctx (an nn_costfn *), counting the call. NAN if the context is
 * not usable (the network's scratch could not be made). */
double nn_costfn_eval(const double *theta, void *ctx);

/* Set up a NETWORK cost for a n_in-hidden-K network on (X, Y). 0, or -1
 * when out of memory. nn_costfn_free releases the scratch. */
int nn_costfn_network(nn_costfn *c, int n_in, int hidden, int K, const nn_mat *X, const nn_mat *Y,
                      double lambda);
void nn_costfn_free(nn_costfn *c);

#endif

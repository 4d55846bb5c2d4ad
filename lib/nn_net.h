/* nn_net.h - the network's working memory and small helpers around it.
 *
 * These are not exercises: the chapters in exercises/ fill these structs in,
 * and tests, tools and the training code use the helpers. The network is the
 * course's: n_in inputs, one hidden layer of n_hidden sigmoid units, n_out
 * sigmoid outputs, each layer fed a bias unit of 1.
 *   Theta1 is n_hidden×(n_in+1), Theta2 is n_out×(n_hidden+1).
 */
#ifndef NN_NET_H
#define NN_NET_H

#include "nn_error.h"
#include "nn_matrix.h"

/* The values of a forward pass over m examples. Made by nn_activations_new in
 * one allocation (all five matrices slice one block); a1 is a view of the
 * caller's X and is set by nn_forward. */
typedef struct {
    nn_mat a1; /* m×(n_in+1): the input, bias column first (a view of X) */
    nn_mat z2; /* m×n_hidden: a1 · Theta1ᵀ */
    nn_mat a2; /* m×(n_hidden+1): bias column of ones, then sigmoid(z2) */
    nn_mat z3; /* m×n_out: a2 · Theta2ᵀ */
    nn_mat h;  /* m×n_out: sigmoid(z3), the network's output */
} nn_activations;

/* Working memory for a forward pass of m examples through a n_in-n_hidden-n_out
 * network; NULL if out of memory. Free with nn_activations_free (NULL is safe). */
nn_activations *nn_activations_new(int m, int n_in, int n_hidden, int n_out);
void nn_activations_free(nn_activations *act);

/* The course's debugInitializeWeights: W(i,j) = sin(i + rows*(j-1)) / 10 with
 * 1-based i, j, i.e. sin(1..rows*cols)/10 filled column-major. W is rows×cols. */
void nn_debug_weights(nn_mat *W);

/* Number of parameters of a n_in-n_hidden-n_out network. */
int nn_param_count(int n_in, int n_hidden, int n_out);

#endif

% nn_oracle_numgrad.m -- numerical gradient of the cost by central differences,
% perturbing one parameter of the serialized (row-major) vector at a time:
%   num(p) = (J(t + eps*e_p) - J(t - eps*e_p)) / (2 eps)
function num = nn_oracle_numgrad(t, n_in, n_hid, K, X, y, lambda, epsilon)
  num = zeros(size(t));
  for p = 1:numel(t)
    tp = t; tp(p) += epsilon;
    tm = t; tm(p) -= epsilon;
    [A1, A2] = nn_oracle_deserialize(tp, n_in, n_hid, K);
    [B1, B2] = nn_oracle_deserialize(tm, n_in, n_hid, K);
    num(p) = (nn_oracle_costgrad(A1, A2, X, y, K, lambda) - ...
              nn_oracle_costgrad(B1, B2, X, y, K, lambda)) / (2 * epsilon);
  end
end

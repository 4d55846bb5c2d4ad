% nn_oracle_costgrad.m -- cost and backprop gradient of the two-layer sigmoid network
% (course ex4 formulas, vectorized).
%   X      m x n (no bias column), y m x 1 labels 1..K, Theta1 hid x (n+1), Theta2 K x (hid+1)
%   J      = (1/m) sum sum [-Y.*log(H) - (1-Y).*log(1-H)]
%            + lambda/(2m) * (sum of squares of Theta1(:,2:end) and Theta2(:,2:end))
%   G1, G2 = Delta/m + (lambda/m) * Theta, bias column (column 1) not regularized
%   fw     = forward pass: fw.x1 (X with bias), fw.z2, fw.a2 (with bias), fw.z3, fw.h, fw.Y (one-hot)
function [J, G1, G2, fw] = nn_oracle_costgrad(Theta1, Theta2, X, y, K, lambda)
  m = size(X, 1);
  Y = double(repmat(1:K, m, 1) == repmat(double(y(:)), 1, K));   % one-hot, m x K

  x1 = [ones(m, 1) X];
  z2 = x1 * Theta1';
  a2 = [ones(m, 1) nn_oracle_sigmoid(z2)];
  z3 = a2 * Theta2';
  h  = nn_oracle_sigmoid(z3);

  reg = sum(sum(Theta1(:, 2:end) .^ 2)) + sum(sum(Theta2(:, 2:end) .^ 2));
  J = sum(sum(-Y .* log(h) - (1 - Y) .* log(1 - h))) / m + lambda / (2 * m) * reg;

  d3 = h - Y;                                                % m x K
  d2 = (d3 * Theta2(:, 2:end)) .* nn_oracle_siggrad(z2);     % m x hid
  G1 = (d2' * x1) / m;
  G2 = (d3' * a2) / m;
  G1(:, 2:end) += (lambda / m) * Theta1(:, 2:end);
  G2(:, 2:end) += (lambda / m) * Theta2(:, 2:end);

  fw = struct('x1', x1, 'z2', z2, 'a2', a2, 'z3', z3, 'h', h, 'Y', Y);
end

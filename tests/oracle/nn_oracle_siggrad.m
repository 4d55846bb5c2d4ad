% nn_oracle_siggrad.m -- the sigmoid gradient g'(z) = g(z) .* (1 - g(z)), elementwise.
function d = nn_oracle_siggrad(z)
  g = nn_oracle_sigmoid(z);
  d = g .* (1 - g);
end

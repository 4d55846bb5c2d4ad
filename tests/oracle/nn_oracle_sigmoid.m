% nn_oracle_sigmoid.m -- the logistic function g(z) = 1 ./ (1 + exp(-z)), elementwise.
function g = nn_oracle_sigmoid(z)
  g = 1 ./ (1 + exp(-z));
end

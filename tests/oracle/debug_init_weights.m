% debug_init_weights.m -- the course's debugInitializeWeights(fan_out, fan_in):
% a fan_out x (1+fan_in) matrix filled column-major with sin(1:numel)/10.
function W = debug_init_weights(fan_out, fan_in)
  W = reshape(sin(1:fan_out * (1 + fan_in)), fan_out, 1 + fan_in) / 10;
end

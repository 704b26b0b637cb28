// Published parameter counts: torchvision's model docs for the ImageNet models
// (1000 classes); for alexnet-lrn the one-tower paper network's count
// (62,378,344, as commonly cited); ZFNet as counted from Zeiler & Fergus'
// Fig. 3 layer sizes (the paper prints no total); the CIFAR ResNets with
// 10 classes and option-A shortcuts (He et al. 2015, table 6: 0.27M, 0.46M,
// 0.66M, 0.85M).
export const CNN_COUNTS: Record<string, number> = {
  alexnet: 61_100_840,
  'alexnet-lrn': 62_378_344,
  zfnet: 62_357_608,
  vgg11: 132_863_336,
  vgg11_bn: 132_868_840,
  vgg13: 133_047_848,
  vgg13_bn: 133_053_736,
  vgg16: 138_357_544,
  vgg16_bn: 138_365_992,
  vgg19: 143_667_240,
  vgg19_bn: 143_678_248,
  googlenet: 6_624_904,
  resnet18: 11_689_512,
  resnet34: 21_797_672,
  resnet50: 25_557_032,
  resnet101: 44_549_160,
  resnet152: 60_192_808,
  resnet20: 269_722,
  resnet32: 464_154,
  resnet44: 658_586,
  resnet56: 853_018,
};
